#include "features/admin/admin_settings.h"

#include "features/common/validation.h"

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
      .Add("admin_email", &S::admin_email,
           "the first admin: created (verified) at start while no user holds the `admin` role; "
           "see [operations](docs/operations.md#the-first-admin)")
      .Add("admin_password", &S::admin_password,
           "the first admin's password (the password policy applies); start warns until it is "
           "changed")
      .Secret()
      .Validate([](S& s, const Config&) -> Result<void> {
        if (s.admin_email.empty() != s.admin_password.empty()) {
          return Fail(settings::ConfigError("admin_email and admin_password: set both or neither"));
        }
        s.admin_email = validation::LowerAscii(s.admin_email);
        if (!s.admin_email.empty() && !validation::IsValidEmail(s.admin_email)) {
          return Fail(settings::ConfigError("admin_email: not a valid e-mail address"));
        }
        return {};
      })
      .Int("admin_impersonation_minutes", &S::admin_impersonation_minutes, 1, 24LL * 60,
           "how long an impersonation session lives, minutes (a fixed end, never refreshed)")
      .Add("admin_impersonate_admins", &S::admin_impersonate_admins,
           "whether an admin may impersonate another admin (else YOU_CANNOT_IMPERSONATE_ADMINS "
           "unless the role holds `user:impersonate-admins`)")
      .Build();
}

}  // namespace latchkey::admin
