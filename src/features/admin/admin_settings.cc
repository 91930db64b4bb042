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
      .Int("admin_impersonation_minutes", &S::admin_impersonation_minutes, 1, 24LL * 60,
           "how long an impersonation session lives, minutes (a fixed end, never refreshed)")
      .Add("admin_impersonate_admins", &S::admin_impersonate_admins,
           "whether an admin may impersonate another admin (else YOU_CANNOT_IMPERSONATE_ADMINS "
           "unless the role holds `user:impersonate-admins`)")
      .Build();
}

}  // namespace latchkey::admin
