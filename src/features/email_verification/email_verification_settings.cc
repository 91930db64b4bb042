#include "features/email_verification/email_verification_settings.h"

namespace latchkey::email_verification {

settings::Table EmailVerificationSettingsTable() {
  using S = EmailVerificationSettings;
  return settings::SettingsTable<S>("email_verification", "E-mail verification")
      .Add("auto_sign_in_after_verification", &S::auto_sign_in_after_verification,
           "following the verification link signs the user in")
      .Add("change_email_enabled", &S::change_email_enabled,
           "allow `POST /change-email` (as in Better Auth): the current password or a fresh "
           "session (`session_fresh_age`); a verified user's old address approves first")
      .Build();
}

}  // namespace latchkey::email_verification
