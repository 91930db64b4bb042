#include "features/account/account_settings.h"

namespace latchkey::account {

settings::Table AccountSettingsTable() {
  using S = AccountSettings;
  return settings::SettingsTable<S>("account", "Account")
      .Add("delete_user_enabled", &S::delete_user_enabled,
           "allow `POST /delete-user` (404 when off, as in Better Auth)")
      .Add("delete_user_confirm_by_mail", &S::delete_user_confirm_by_mail,
           "deletion needs the link mailed to the user")
      .Build();
}

}  // namespace latchkey::account
