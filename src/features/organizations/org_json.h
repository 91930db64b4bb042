// The organization plugin's JSON shapes (docs/organizations.md): Better
// Auth's field names; times as ISO-8601 strings.
#ifndef LK_FEATURES_ORGANIZATIONS_ORG_JSON_H_
#define LK_FEATURES_ORGANIZATIONS_ORG_JSON_H_

#include <string>
#include <string_view>

#include "features/organizations/org_store.h"
#include "features/organizations/team_store.h"

namespace latchkey::organizations {

enum class Metadata { kParsed, kText };  // Better Auth answers either, per route

// {"id","name","slug","logo","createdAt","metadata"}; `extra` (members, …)
// is appended raw: `"members":[…]` without braces.
std::string OrganizationJson(const org_store::Organization& org, Metadata metadata,
                             std::string_view extra = {});
// {"id","organizationId","userId","role","createdAt"}
std::string MemberJson(const org_store::Member& member);
// MemberJson + "user":{"id","name","email","image"}
std::string MemberWithUserJson(const org_store::MemberWithUser& item);
// {"id","organizationId","email","role","status","expiresAt","createdAt","inviterId"}
// (+ "teamId" when it names teams) + `extra` raw.
std::string InvitationJson(const org_store::Invitation& invitation, std::string_view extra = {});

// {"id","name","organizationId","createdAt","updatedAt"}
std::string TeamJson(const org_store::Team& team);
// {"id","teamId","userId","createdAt"}
std::string TeamMemberJson(const org_store::TeamMember& member);

// "[a,b,…]" from strings already JSON.
template <class Items, class F>
std::string JsonArray(const Items& items, F to_json) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += to_json(item);
  }
  return out + "]";
}

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORG_JSON_H_
