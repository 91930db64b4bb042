// Typed repository over the organization tables (migrations/): every
// function runs inside the caller's transaction.
// Errors: as Transaction::Exec/Query (STORE_CONFLICT on a duplicate slug or
// membership).
#ifndef LK_FEATURES_ORGANIZATIONS_ORG_STORE_H_
#define LK_FEATURES_ORGANIZATIONS_ORG_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "features/users/user.h"
#include "store/store.h"

namespace latchkey::organizations::org_store {

struct Organization {
  std::string id;
  std::string name;
  std::string slug;
  std::optional<std::string> logo;
  std::optional<std::string> metadata;  // JSON text, as Better Auth stores it
  TimeMs created_at = 0;
};

struct Member {
  std::string id;
  std::string organization_id;
  std::string user_id;
  std::string role;  // comma list
  TimeMs created_at = 0;
};

struct MemberWithUser {
  Member member;
  users::User user;
};

struct Invitation {
  std::string id;
  std::string organization_id;
  std::string email;
  std::string role;
  std::string status;  // pending | accepted | rejected | canceled
  TimeMs expires_at = 0;
  TimeMs created_at = 0;
  std::string inviter_id;
  std::optional<std::string> team_id;  // teams only: a comma list of team ids
};

// Organizations.
Result<std::optional<Organization>> FindOrganization(store::Transaction& tx, std::string_view id);
Result<std::optional<Organization>> FindOrganizationBySlug(store::Transaction& tx,
                                                           std::string_view slug);
Result<void> CreateOrganization(store::Transaction& tx, const Organization& org);
Result<void> UpdateOrganization(store::Transaction& tx, const Organization& org);
// The organization, its members, invitations, teams, roles and every
// session's choice of it.
Result<void> DeleteOrganization(store::Transaction& tx, std::string_view id);
// The organizations `user_id` is a member of, oldest membership first.
Result<std::vector<Organization>> ListUserOrganizations(store::Transaction& tx,
                                                        std::string_view user_id);
// Organizations where `user_id` is the only member holding the owner role.
Result<std::vector<std::string>> OrganizationsSolelyOwnedBy(store::Transaction& tx,
                                                            std::string_view user_id);

// Members.
Result<std::optional<Member>> FindMember(store::Transaction& tx, std::string_view organization_id,
                                         std::string_view user_id);
Result<std::optional<Member>> FindMemberById(store::Transaction& tx, std::string_view member_id);
Result<void> CreateMember(store::Transaction& tx, const Member& member);
Result<void> SetMemberRole(store::Transaction& tx, std::string_view member_id,
                           std::string_view role);
// The membership and the member's teams in that organization.
Result<void> DeleteMember(store::Transaction& tx, std::string_view member_id);
// Every membership and team membership of the user.
Result<void> DeleteUserMemberships(store::Transaction& tx, std::string_view user_id);
Result<std::int64_t> CountMembers(store::Transaction& tx, std::string_view organization_id);
Result<std::int64_t> CountOwners(store::Transaction& tx, std::string_view organization_id);

// list-members' filterField / filterOperator / filterValue
// (docs/organizations.md "Listing members"). Text comparisons are
// case-sensitive on both databases.
struct MemberFilter {
  enum class Op { kEq, kNe, kLt, kLte, kGt, kGte, kIn, kNotIn, kContains, kStartsWith, kEndsWith };
  std::string_view column;  // a column of ours (m.role …), never user input
  Op op = Op::kEq;
  std::vector<store::Value> values;  // one, or any number for kIn / kNotIn
};

struct MemberPage {
  std::int64_t limit = 100;
  std::int64_t offset = 0;
  std::string_view sort_column = "m.created_at";  // a column of ours, never user input
  bool descending = false;
  std::optional<MemberFilter> filter;
};
Result<std::vector<MemberWithUser>> ListMembers(store::Transaction& tx,
                                                std::string_view organization_id,
                                                const MemberPage& page);
// The members `filter` admits (all without one).
Result<std::int64_t> CountMembers(store::Transaction& tx, std::string_view organization_id,
                                  const std::optional<MemberFilter>& filter);

// Invitations.
Result<void> CreateInvitation(store::Transaction& tx, const Invitation& invitation);
Result<std::optional<Invitation>> FindInvitation(store::Transaction& tx, std::string_view id);
// The pending, unexpired invitation of `email` to the organization.
Result<std::optional<Invitation>> FindPendingInvitation(store::Transaction& tx,
                                                        std::string_view organization_id,
                                                        std::string_view email, TimeMs now);
Result<std::int64_t> CountPendingInvitations(store::Transaction& tx,
                                             std::string_view organization_id, TimeMs now);
// Every invitation of the organization (any status).
Result<std::vector<Invitation>> ListInvitations(store::Transaction& tx,
                                                std::string_view organization_id);
// The pending, unexpired invitations of `email`, with each organization's name.
Result<std::vector<std::pair<Invitation, std::string>>> ListUserInvitations(store::Transaction& tx,
                                                                            std::string_view email,
                                                                            TimeMs now);
Result<void> SetInvitationStatus(store::Transaction& tx, std::string_view id,
                                 std::string_view status);
Result<void> RefreshInvitation(store::Transaction& tx, std::string_view id, std::string_view role,
                               TimeMs expires_at);

// Each session's active organization and team.
struct ActiveChoice {
  std::optional<std::string> organization_id;
  std::optional<std::string> team_id;
};
Result<ActiveChoice> FindActiveChoice(store::Transaction& tx, std::string_view session_id);
// Another organization than the current one clears the active team.
Result<void> SetActiveOrganization(store::Transaction& tx, std::string_view session_id,
                                   const std::optional<std::string>& organization_id, TimeMs now);
// REQUIRES: an active organization was set on the session (its row exists).
Result<void> SetActiveTeam(store::Transaction& tx, std::string_view session_id,
                           const std::optional<std::string>& team_id, TimeMs now);
// The ids of the sessions whose active organization is `organization_id`.
Result<std::vector<std::string>> SessionsActiveIn(store::Transaction& tx,
                                                  std::string_view organization_id);

}  // namespace latchkey::organizations::org_store

#endif  // LK_FEATURES_ORGANIZATIONS_ORG_STORE_H_
