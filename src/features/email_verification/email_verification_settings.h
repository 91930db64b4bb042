// The e-mail verification feature's configuration keys (docs/design.md
// "Settings"). Whether sign-up sends the mail and sign-in requires a
// verified address are email_password's keys: those flows read them.
#ifndef LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_SETTINGS_H_
#define LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_SETTINGS_H_

#include "core/settings.h"

namespace latchkey::email_verification {

struct EmailVerificationSettings {
  bool auto_sign_in_after_verification = false;  // verify-email starts a session
  bool change_email_enabled = false;             // POST /change-email (off in Better Auth too)
};

settings::Table EmailVerificationSettingsTable();

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_SETTINGS_H_
