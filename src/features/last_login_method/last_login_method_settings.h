// The last-login-method feature's configuration key (docs/design.md
// "Settings").
#ifndef LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_SETTINGS_H_
#define LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_SETTINGS_H_

#include "core/settings.h"

namespace latchkey::last_login_method {

// Off by default, as the plugin is in Better Auth.
struct LastLoginMethodSettings {
  bool last_login_method = false;
};

settings::Table LastLoginMethodSettingsTable();

}  // namespace latchkey::last_login_method

#endif  // LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_SETTINGS_H_
