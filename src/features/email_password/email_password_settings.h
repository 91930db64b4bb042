// The e-mail and password feature's configuration keys (docs/design.md
// "Settings"): password hashing and length, and the sign-in side of e-mail
// verification (Better Auth's emailAndPassword options).
#ifndef LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_SETTINGS_H_
#define LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_SETTINGS_H_

#include <cstdint>

#include "core/settings.h"

namespace latchkey::email_password {

struct EmailPasswordSettings {
  // Argon2id; RFC 9106's second recommended option by default.
  std::uint32_t argon2_memory_kib = 65536;
  std::uint32_t argon2_iterations = 3;
  int min_password_length = 8;  // counted like JavaScript (UTF-16 units)
  int max_password_length = 128;
  bool require_email_verification = false;    // unverified users cannot sign in
  bool send_verification_on_sign_up = false;  // implied by require_email_verification
  bool send_verification_on_sign_in = false;  // an unverified sign-in re-sends the link
};

settings::Table EmailPasswordSettingsTable();

}  // namespace latchkey::email_password

#endif  // LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_SETTINGS_H_
