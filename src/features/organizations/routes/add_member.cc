// add-member (docs/organizations.md "Adding a member"): Better Auth's
// server-only addMember, served over HTTP with organization_add_member to a
// member whose roles grant member:create (checked by the organization guard). An existing
// user joins at once, without an invitation; the checks are Better Auth's
// (the user exists, is not a member yet, the member limit, the team) plus
// invite-member's owner rule: only an owner hands out the owner role.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "features/users/user_store.h"

namespace latchkey::organizations {
namespace {

// The optional `teamId`: a team of the organization. Errors: VALIDATION_ERROR
// (also when teams are off), TEAM_NOT_FOUND (unknown, or another
// organization's: the same answer, ASVS 4.2.1).
Result<std::optional<std::string>> TeamOf(store::Transaction& tx, const OrgService& service,
                                          const OrgCall& call) {
  LK_ASSIGN_OR_RETURN(auto team_id, validation::OptionalString(call.body, "teamId", 128));
  if (!team_id || team_id->empty()) return std::optional<std::string>();
  if (!service.settings().organization_teams) {
    return Fail(validation::FieldError("teamId", "Teams are not enabled"));
  }
  LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, *team_id));
  if (!team || team->organization_id != call.organization.id) {
    return Fail(MakeError(errors::kTeamNotFound));
  }
  return team_id;
}

}  // namespace

Result<http::Response> AddMember(store::Transaction& tx, const OrgService& service, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string user_id, validation::RequireString(call.body, "userId", 128));
  LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, call.organization.id));
  LK_ASSIGN_OR_RETURN(std::string roles, ParseRoleField(call.body, access));
  if (!HasRole(call.member.role, kOwnerRole) && HasRole(roles, kOwnerRole)) {
    return Fail(MakeError(errors::kNotAllowedInviteRole));
  }
  LK_ASSIGN_OR_RETURN(auto team_id, TeamOf(tx, service, call));
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
  if (!user) return Fail(MakeError(errors::kUserNotFound));
  LK_ASSIGN_OR_RETURN(auto existing, org_store::FindMember(tx, call.organization.id, user->id));
  if (existing) return Fail(MakeError(errors::kAlreadyMember));
  LK_ASSIGN_OR_RETURN(std::int64_t members, org_store::CountMembers(tx, call.organization.id));
  if (members >= service.settings().organization_member_limit) {
    return Fail(MakeError(errors::kMembershipLimit));
  }
  LK_TRY(service.CheckLimit(tx, call.request, "organization", call.organization.id,
                            "members_per_organization", members));
  org_store::Member member{.id = crypto::RandomAlnum(32),
                           .organization_id = call.organization.id,
                           .user_id = user->id,
                           .role = roles,
                           .created_at = service.Now()};
  LK_TRY(org_store::CreateMember(tx, member));
  // A full team fails the whole call: the transaction takes the member back.
  if (team_id) LK_TRY(JoinTeam(tx, service, *team_id, user->id));
  std::string details;
  json::ObjectWriter writer(details);
  writer.String("role", roles);
  if (team_id) writer.String("team_id", *team_id);
  writer.Close();
  LK_TRY(service.Audit(tx, call.request, call.caller, "organization.member_add",
                       call.organization.id, user->id, details));
  return http::Response::Json(MemberJson(member));
}

}  // namespace latchkey::organizations
