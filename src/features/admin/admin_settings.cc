#include "features/admin/admin_settings.h"

namespace latchkey::admin {

settings::Table AdminSettingsTable() {
  using S = AdminSettings;
  return settings::SettingsTable<S>("admin", "Administration")
      .Add("admin", &S::admin,
           "Better Auth's admin plugin: platform roles, `/admin/*`; see "
           "[permissions](docs/permissions.md)")
      .Add("admin_roles", &S::admin_roles,
           "custom roles, e.g. `auditor=audit:read|export;user:list` (comma list of roles)")
      .Add("admin_default_role", &S::admin_default_role, "the role of a new user")
      .Build();
}

}  // namespace latchkey::admin
