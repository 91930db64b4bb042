#include "features/email_password/email_password_settings.h"

namespace latchkey::email_password {

settings::Table EmailPasswordSettingsTable() {
  using S = EmailPasswordSettings;
  return settings::SettingsTable<S>("email_password", "E-mail and password")
      .Int("argon2_memory_kib", &S::argon2_memory_kib, 8, 4LL * 1024 * 1024,
           "Argon2id memory, KiB (64 MiB)")
      .Int("argon2_iterations", &S::argon2_iterations, 1, 100, "Argon2id passes")
      .Int("min_password_length", &S::min_password_length, 1, 1024,
           "minimum password length, counted like JavaScript (UTF-16 units)")
      .Int("max_password_length", &S::max_password_length, 1, 4096,
           "maximum password length, counted the same way")
      .Add("require_email_verification", &S::require_email_verification,
           "unverified users cannot sign in (403 `EMAIL_NOT_VERIFIED`)")
      .Add("send_verification_on_sign_up", &S::send_verification_on_sign_up,
           "mail a verification link on sign-up (implied by `require_email_verification`)")
      .Add("send_verification_on_sign_in", &S::send_verification_on_sign_in,
           "with `require_email_verification`, a sign-in refused as unverified (after a "
           "correct password) mails a new link")
      .Validate([](S& s, const Config&) -> Result<void> {
        if (s.min_password_length > s.max_password_length) {
          return Fail(
              settings::ConfigError("min_password_length is greater than max_password_length"));
        }
        return {};
      })
      .Build();
}

}  // namespace latchkey::email_password
