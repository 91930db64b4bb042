// Typed repository over organization_roles (migrations/0003_create_roles.sql,
// docs/organizations.md "Dynamic roles"): every function runs inside the
// caller's transaction. Errors: as Transaction::Exec/Query.
#ifndef LK_FEATURES_ORGANIZATIONS_ROLE_STORE_H_
#define LK_FEATURES_ORGANIZATIONS_ROLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::organizations::org_store {

struct OrgRole {
  std::string id;
  std::string organization_id;
  std::string role;        // lower-case name
  std::string permission;  // JSON object text: {"resource":["action",…]}
  TimeMs created_at = 0;
  std::optional<TimeMs> updated_at;
};

Result<void> CreateRole(store::Transaction& tx, const OrgRole& role);
// By name (`by_id` false) or id, within the organization.
Result<std::optional<OrgRole>> FindRole(store::Transaction& tx, std::string_view organization_id,
                                        std::string_view key, bool by_id);
Result<void> UpdateRole(store::Transaction& tx, const OrgRole& role);
Result<void> DeleteRole(store::Transaction& tx, std::string_view id);
// Oldest first.
Result<std::vector<OrgRole>> ListRoles(store::Transaction& tx, std::string_view organization_id);
// Whether a member of the organization holds `role` among their roles.
Result<bool> RoleAssigned(store::Transaction& tx, std::string_view organization_id,
                          std::string_view role);

}  // namespace latchkey::organizations::org_store

#endif  // LK_FEATURES_ORGANIZATIONS_ROLE_STORE_H_
