#include "features/last_login_method/last_login_method_settings.h"

namespace latchkey::last_login_method {

settings::Table LastLoginMethodSettingsTable() {
  using S = LastLoginMethodSettings;
  return settings::SettingsTable<S>("last_login_method", "Last login method")
      .Add("last_login_method", &S::last_login_method,
           "Better Auth's lastLoginMethod plugin: the `better-auth.last_used_login_method` "
           "cookie and the user field `lastLoginMethod`")
      .Build();
}

}  // namespace latchkey::last_login_method
