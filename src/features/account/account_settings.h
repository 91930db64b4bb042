// The account feature's configuration keys (docs/design.md "Settings").
#ifndef LK_FEATURES_ACCOUNT_ACCOUNT_SETTINGS_H_
#define LK_FEATURES_ACCOUNT_ACCOUNT_SETTINGS_H_

#include "core/settings.h"

namespace latchkey::account {

// Self-service account deletion (POST /delete-user): off by default, as in
// Better Auth, where the route answers 404 until enabled.
struct AccountSettings {
  bool delete_user_enabled = false;
  bool delete_user_confirm_by_mail = false;  // the proof earns a mailed link, not a deletion
};

settings::Table AccountSettingsTable();

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ACCOUNT_SETTINGS_H_
