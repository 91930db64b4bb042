// The rules a new password must pass beyond its length (issue 5, NIST SP
// 800-63B §5.1.1.2): not one of the 10,000 most common passwords (the list
// shipped in the binary, on by default: ASVS 2.1.7), not in a breach corpus (HIBP's range API with
// k-anonymity, or the offline index `latchkey pwned import` builds) and, when
// configured, a minimum zxcvbn score. No composition rules, no truncation.
// Thread-safety: const methods are safe to call concurrently.
#ifndef LK_FEATURES_ABUSE_PASSWORD_POLICY_H_
#define LK_FEATURES_ABUSE_PASSWORD_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "features/abuse/abuse_settings.h"
#include "features/abuse/checks/hibp_client.h"
#include "features/abuse/checks/pwned_index.h"
#include "features/abuse/checks/strength.h"

namespace latchkey::abuse {

inline constexpr ErrorInfo kPasswordCompromised{
    "PASSWORD_COMPROMISED", ErrorKind::kInvalidArgument,
    "This password has appeared in a data breach. Please choose another one."};
// Same status and shape as PASSWORD_COMPROMISED (Better Auth has neither);
// the message never echoes the password.
inline constexpr ErrorInfo kPasswordTooCommon{
    "PASSWORD_TOO_COMMON", ErrorKind::kInvalidArgument,
    "This password is too common. Please choose another one."};
inline constexpr ErrorInfo kPasswordTooWeak{"PASSWORD_TOO_WEAK", ErrorKind::kInvalidArgument,
                                            "Password is too weak"};
inline constexpr ErrorInfo kBreachCheckUnavailable{
    "BREACH_CHECK_UNAVAILABLE", ErrorKind::kUnavailable,
    "The password could not be checked right now. Please try again."};

struct PasswordReport {
  PasswordStrength strength;
  // Among the 10,000 most common passwords (checks/common_passwords.h),
  // whether or not common_password_check refuses them.
  bool common = false;
  // nullopt: not checked (pwned_check off, or the service was unreachable).
  std::optional<bool> breached;
  std::uint64_t breach_count = 0;
};

class PasswordPolicy {
 public:
  // Opens the offline index when pwned_check = offline.
  // Errors: PWNED_INDEX_IO / PWNED_INDEX_CORRUPT with the path.
  static Result<std::unique_ptr<PasswordPolicy>> Create(const Config& config);

  // Strength, common-list and breach status, whatever the policy (the
  // sign-up meter). `password` is NFKC-normalised here. A password the common
  // list refuses is not sent to the breach lookup (it is refused anyway).
  // Errors: the breach lookup's, only when the policy fails closed.
  Result<PasswordReport> Evaluate(std::string_view password,
                                  std::span<const std::string> context) const;

  // What Evaluate() found, judged: Errors PASSWORD_TOO_COMMON
  // (common_password_check), PASSWORD_COMPROMISED (policy reject), PASSWORD_TOO_WEAK (score <
  // min_password_score), BREACH_CHECK_UNAVAILABLE (service down and pwned_fail_open = false).
  Result<void> Judge(const PasswordReport& report) const;

  bool warn_only() const { return settings_.pwned_policy == "warn"; }

 private:
  PasswordPolicy(const Config& config, std::unique_ptr<PwnedIndex> index);
  const AbuseSettings settings_;  // read once, at construction
  std::unique_ptr<PwnedIndex> index_;
  std::optional<HibpClient> hibp_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_PASSWORD_POLICY_H_
