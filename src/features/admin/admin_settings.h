// The admin feature's configuration keys (docs/design.md "Settings",
// docs/permissions.md, docs/operations.md "The first admin").
#ifndef LK_FEATURES_ADMIN_ADMIN_SETTINGS_H_
#define LK_FEATURES_ADMIN_ADMIN_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/settings.h"

namespace latchkey::admin {

struct AdminSettings {
  bool admin = true;                     // the /admin/* routes and platform roles
  std::vector<std::string> admin_roles;  // custom roles: name=resource:action|action;…
  std::string admin_default_role = "user";
  // The first admin, created at `serve` start while no user holds the admin
  // role (app/first_admin.cc). Both or neither; the password is a secret.
  std::string admin_email;
  std::string admin_password;
  // Impersonation (docs/permissions.md "Impersonation"): how long an
  // impersonation session lives (Better Auth's impersonationSessionDuration,
  // 1 h), and whether admins may be impersonated at all (allowImpersonatingAdmins).
  std::int64_t admin_impersonation_minutes = 60;
  bool admin_impersonate_admins = false;
};

settings::Table AdminSettingsTable();

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ADMIN_SETTINGS_H_
