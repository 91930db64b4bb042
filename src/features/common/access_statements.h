// Better Auth's access-control model, shared by the platform roles
// (docs/permissions.md) and the organization roles (docs/organizations.md):
// a role is a set of statements, resource → actions, and a user or member
// holds a comma list of roles. This file parses the configuration's role
// definitions and role lists; each feature keeps its own known statements
// and built-in roles.
#ifndef LK_FEATURES_COMMON_ACCESS_STATEMENTS_H_
#define LK_FEATURES_COMMON_ACCESS_STATEMENTS_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace latchkey::access {

// resource → actions.
using Statements = std::map<std::string, std::set<std::string, std::less<>>, std::less<>>;

// "a, b,,c" → {"a","b","c"}: trimmed, empty parts dropped (Better Auth's parseRoleList).
std::vector<std::string> SplitRoles(std::string_view roles);

// "name=resource:action|action;resource:action" → the role's name and
// statements, each one in `known`. A name is non-empty, without comma or
// space. Errors: kInvalidArgument, the detail saying what is wrong (the
// caller wraps it in its own error code).
Result<std::pair<std::string, Statements>> ParseRoleDefinition(std::string_view definition,
                                                               const Statements& known);

}  // namespace latchkey::access

#endif  // LK_FEATURES_COMMON_ACCESS_STATEMENTS_H_
