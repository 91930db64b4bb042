// Platform roles and their permissions (docs/permissions.md): Better Auth's
// access-control model, a role being a set of statements (resource →
// actions). Built-in roles: `admin` (everything but impersonating admins),
// `user` (nothing), `support` and `billing_admin`; more from the
// `admin_roles` setting. A user may hold several roles (a comma list, as
// Better Auth stores them); a permission holds when any of them grants it.
// Thread-safety: immutable after construction.
#ifndef LK_FEATURES_ADMIN_ACCESS_CONTROL_H_
#define LK_FEATURES_ADMIN_ACCESS_CONTROL_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/common/access_statements.h"

namespace latchkey::admin {

// resource → actions (features/common/access_statements.h).
using Statements = access::Statements;

// Every statement the platform knows (an unknown one in a custom role is a
// configuration error).
const Statements& KnownStatements();

class AccessControl {
 public:
  // The built-in roles plus `custom`: each "name=resource:action|action;resource:action".
  // Errors: kInvalidArgument INVALID_ADMIN_ROLES for a malformed definition or
  // an unknown resource or action.
  static Result<AccessControl> Build(const std::vector<std::string>& custom);

  bool IsRole(std::string_view role) const { return roles_.contains(role); }
  // Whether `roles` (a comma list) grants resource:action.
  bool Allows(std::string_view roles, std::string_view resource, std::string_view action) const;
  // "resource:action" → Allows(roles, resource, action).
  bool AllowsPermission(std::string_view roles, std::string_view permission) const;
  std::vector<std::string> RoleNames() const;
  const Statements* Role(std::string_view name) const;

 private:
  std::map<std::string, Statements, std::less<>> roles_;
};

// Splits "a,b , c" into {"a","b","c"} (empty parts dropped).
std::vector<std::string> SplitRoles(std::string_view roles);

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ACCESS_CONTROL_H_
