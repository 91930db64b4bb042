// Organization roles and their permissions (docs/organizations.md "Roles"):
// Better Auth's organization access control. A role is a set of statements
// (resource → actions); built-in `owner`, `admin` and `member` carry the
// plugin's default statements, more come from the `organization_roles`
// setting. A member may hold several roles (a comma list, as Better Auth
// stores them); a request {resource:[actions]} holds when ONE of the roles
// grants every listed action of every listed resource.
// Thread-safety: immutable after construction.
#ifndef LK_FEATURES_ORGANIZATIONS_ORG_ACCESS_H_
#define LK_FEATURES_ORGANIZATIONS_ORG_ACCESS_H_

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/common/access_statements.h"

namespace latchkey::organizations {

// resource → actions (features/common/access_statements.h).
using Statements = access::Statements;

inline constexpr std::string_view kOwnerRole = "owner";  // Better Auth's creatorRole

// The statements organization roles may use (Better Auth's defaultStatements).
const Statements& KnownStatements();

class OrgAccess {
 public:
  // The built-in roles plus `custom`: each "name=resource:action|action;resource:action".
  // Errors: INVALID_ORGANIZATION_ROLES for a malformed definition or an
  // unknown resource or action.
  static Result<OrgAccess> Build(const std::vector<std::string>& custom);

  bool IsRole(std::string_view role) const { return roles_.contains(role); }
  // Every role name, sorted.
  std::vector<std::string> RoleNames() const {
    std::vector<std::string> names;
    for (const auto& [name, statements] : roles_) names.push_back(name);
    return names;
  }
  // A copy with `extra` roles added; a name already defined gets the union
  // of both statements (Better Auth's dynamic access control).
  OrgAccess With(const std::map<std::string, Statements, std::less<>>& extra) const;
  // Whether one of `roles` (a comma list) grants every action in `wanted`.
  // An empty request is refused (Better Auth: no permissions, no success).
  bool Allows(std::string_view roles, const Statements& wanted) const;
  bool Allows(std::string_view roles, std::string_view resource, std::string_view action) const {
    return Allows(roles, Statements{{std::string(resource), {std::string(action)}}});
  }

 private:
  std::map<std::string, Statements, std::less<>> roles_;
};

// {"resource":["action",…]} → Statements; nullopt when not of that shape.
std::optional<Statements> StatementsFromJson(const boost::json::value& value);
// The first `resource:action` of `statements` that KnownStatements() lacks,
// or empty when every one is known.
std::string UnknownStatement(const Statements& statements);

// "a, b,,c" → {"a","b","c"}: trimmed, empty parts dropped (Better Auth's parseRoleList).
std::vector<std::string> SplitRoles(std::string_view roles);
// The stored form: SplitRoles joined with ",".
std::string JoinRoles(const std::vector<std::string>& roles);
bool HasRole(std::string_view roles, std::string_view role);

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORG_ACCESS_H_
