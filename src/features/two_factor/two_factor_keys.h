// What the two-factor feature derives from the server secret, and the
// random values it makes (docs/operations.md "Two-factor authentication"):
//   * the TOTP key, sealed with AES-256-GCM under the keyring's
//     "two-factor/totp-secret" key, the user id bound in as associated data,
//     so a sealed key moved to another user's row does not open;
//   * recovery and mailed codes, stored as HMAC-SHA256 under derived keys
//     (a database leak gives no code, nor a cheap offline search of them);
//   * the `trust_device` cookie's inner MAC in Better Auth's format (the
//     cookies themselves are signed by SessionService::SignCookieValue).
// Values made under a previous secret still verify (Keyring candidates).
// Thread-safety: immutable after construction.
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_KEYS_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_KEYS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "crypto/keyring.h"

namespace latchkey::two_factor {

inline constexpr std::size_t kTotpKeyBytes = 20;  // 160 bits (RFC 4226 §4 R6)
inline constexpr int kBackupCodeCount = 10;

class TwoFactorKeys {
 public:
  explicit TwoFactorKeys(const Config& config) : keyring_(config.secret, config.previous_secrets) {}

  // Errors: as crypto::Seal / Keyring::Open (DECRYPTION_FAILED).
  Result<std::string> SealTotpKey(std::string_view user_id, std::string_view key) const;
  Result<std::string> OpenTotpKey(std::string_view user_id, std::string_view stored) const;

  // The stored forms of a recovery code under every secret, current first.
  // The code is compared without its dash.
  Result<std::vector<std::string>> BackupCodeHashes(std::string_view user_id,
                                                    std::string_view code) const;
  // The same for a mailed code of `subject`.
  Result<std::vector<std::string>> OtpHashes(std::string_view subject, std::string_view code) const;

  // The trust cookie's value for a trust id (Better Auth's format:
  // base64url(HMAC-SHA256(secret, user_id "!" trust_id)) "!" trust_id).
  std::string TrustValue(std::string_view user_id, std::string_view trust_id) const;
  // The trust id a cookie value names if its MAC is right for `user_id`.
  std::optional<std::string> TrustId(std::string_view user_id, std::string_view value) const;

  // Ten recovery codes "XXXXX-XXXXX" of [A-Za-z0-9].
  static std::vector<std::string> NewBackupCodes();
  // A six-digit mailed code, uniformly drawn.
  static std::string NewOtp();

 private:
  Result<std::vector<std::string>> Hashes(std::string_view purpose, std::string_view subject,
                                          std::string_view code) const;
  crypto::Keyring keyring_;
};

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_KEYS_H_
