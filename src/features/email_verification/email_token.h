// The e-mail verification token: an HS256 JWT under the server secret
// (docs/api.md, header exactly {"alg":"HS256"}), so Better Auth's and
// latchkey's links verify alike. Stateless: nothing is stored.
#ifndef LK_FEATURES_EMAIL_VERIFICATION_EMAIL_TOKEN_H_
#define LK_FEATURES_EMAIL_VERIFICATION_EMAIL_TOKEN_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::email_verification {

struct EmailClaims {
  std::string email;  // lower-cased
  std::string user_id;
  std::int64_t iat = 0;  // seconds
  std::int64_t exp = 0;
  // E-mail change: the address to switch to, and "change-email-confirmation"
  // (the link to the old address) or "change-email-verification" (to the new).
  std::string update_to;
  std::string request_type;
  // E-mail change only, latchkey's own claims (Better Auth ignores them): the
  // session that asked ("sid") and CredentialBinding() of the password then
  // ("cred"). The link dies with that session or at a password change.
  std::string session_id;
  std::string credential;
};

inline constexpr ErrorInfo kInvalidToken{"INVALID_TOKEN", ErrorKind::kUnauthenticated,
                                         "Invalid token"};
inline constexpr ErrorInfo kTokenExpired{"TOKEN_EXPIRED", ErrorKind::kUnauthenticated,
                                         "Token expired"};

// Every link is valid one hour (Better Auth's emailVerification.expiresIn).
inline constexpr std::int64_t kEmailTokenLifetimeS = 3600;

inline constexpr std::string_view kChangeEmailConfirmation = "change-email-confirmation";
inline constexpr std::string_view kChangeEmailVerification = "change-email-verification";

// A short MAC of the user's current password hash (empty when they have
// none) under the server secret: equal while the password is unchanged,
// and it tells a reader of the link nothing about the hash.
std::string CredentialBinding(std::string_view secret, std::string_view user_id,
                              std::string_view password_hash);

std::string SignEmailToken(std::string_view secret, const EmailClaims& claims);

// Checks the header (alg HS256 and nothing else accepted: no "none", no key
// confusion), the HMAC in constant time, and exp against now_s.
// Errors: INVALID_TOKEN, TOKEN_EXPIRED (401).
Result<EmailClaims> VerifyEmailToken(std::string_view secret, std::string_view token,
                                     std::int64_t now_s);

// The same, accepting a MAC under any of `secrets` (Keyring::secrets():
// current first), so links mailed before a secret rotation still work. The
// token stays keyed by the raw secret, as Better Auth keys it.
Result<EmailClaims> VerifyEmailToken(std::span<const std::string> secrets, std::string_view token,
                                     std::int64_t now_s);

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_EMAIL_TOKEN_H_
