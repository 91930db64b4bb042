// The checks a credential route runs before and after its expensive or
// sensitive work (issue 5), in the order docs/architecture.md gives: the route
// parses, the HTTP pipeline has already rate-limited, then BeforeSignIn()
// runs the CAPTCHA (when required) and the lockout check, and only then is a
// password hashed. Implemented by features/abuse; routes hold a possibly
// null pointer so they work (and are tested) without it.
#ifndef LK_FEATURES_COMMON_CREDENTIAL_GUARD_H_
#define LK_FEATURES_COMMON_CREDENTIAL_GUARD_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace latchkey {

// What the password policy found about a new password the caller may still
// use (policy "warn"); refusals are errors instead.
struct PasswordWarning {
  bool breached = false;  // found in a breach corpus
};

class CredentialGuard {
 public:
  virtual ~CredentialGuard() = default;

  // Before a password is checked for `email` (already lower-cased): the
  // CAPTCHA if this route requires one now, the account lockout, and a cap
  // on attempts in flight per account (so parallel guesses cannot all pass
  // a check none of them has updated yet). Every success must be followed
  // by exactly one AfterSignIn() or AbortSignIn().
  // Errors: 403 CAPTCHA_*; 429 ACCOUNT_TEMPORARILY_LOCKED or 429 (too many
  // at once), each with Retry-After.
  // The answer is the same whether or not the account exists. A lock set by
  // others does not hold against a device the account signed in from before
  // (its device cookie), nor against a request with a solved CAPTCHA.
  virtual Result<void> BeforeSignIn(const http::Request& request, std::string_view email) = 0;

  // Before a signed-in user's password is checked again (change-password,
  // delete-user; `route` is the route family, e.g. "change-password"): the
  // same lockout and in-flight cap as BeforeSignIn(), so a stolen session
  // cannot guess the password without limit, but no CAPTCHA-after-failures
  // step. Paired the same way with AfterSignIn() or AbortSignIn().
  // Errors: as BeforeSignIn().
  virtual Result<void> BeforePasswordCheck(const http::Request& request, std::string_view route,
                                           std::string_view email) = 0;

  // After the password was checked. `user_id` empty when no such account.
  // A failure may lock the account; the owner is then mailed.
  virtual void AfterSignIn(const http::Request& request, std::string_view email,
                           const std::string& user_id, bool success) = 0;

  // Before a second factor (a TOTP, backup or mailed code) is checked for
  // the account `email`: its own lockout (ASVS 2.2.1; 10 failures lock it
  // for 15 minutes, doubling on repeats), separate from the password's so a
  // right password never resets it. A device the account signed in from
  // before keeps its own count, so a stranger holding the password cannot
  // lock the owner out of it. Errors: 429 ACCOUNT_TEMPORARILY_LOCKED with
  // Retry-After.
  virtual Result<void> BeforeSecondFactor(const http::Request& request, std::string_view email) = 0;
  // After the code was checked; a failure may lock the account (the owner
  // is then mailed: their password is known to someone).
  virtual void AfterSecondFactor(const http::Request& request, std::string_view email,
                                 const std::string& user_id, bool success) = 0;

  // After BeforeSignIn() when the password was never checked (the KDF pool
  // refused the work: 503): the attempt does not count against the account.
  virtual void AbortSignIn(const http::Request& request, std::string_view email) = 0;

  // After a password reset for `email` succeeded: its lockout is lifted (the
  // owner proved the mailbox, and the old password's guesses are moot).
  virtual void AfterPasswordReset(const http::Request& request, std::string_view email,
                                  const std::string& user_id) = 0;

  // Before a route mails `email` (reset, verification): a per-account budget
  // on top of the per-address one, so one inbox cannot be flooded from many
  // addresses. Unknown e-mails count the same. Errors: 429 with Retry-After.
  virtual Result<void> LimitAccount(const http::Request& request, std::string_view route,
                                    std::string_view email) = 0;

  // Before an account is created: the CAPTCHA if sign-up requires one.
  virtual Result<void> BeforeSignUp(const http::Request& request) = 0;

  // A password about to be set (sign-up, change, reset): breached and
  // strength checks. `context` holds words that make it weak for this user
  // (e-mail, name). Errors: 400 PASSWORD_COMPROMISED, PASSWORD_TOO_WEAK;
  // 503 when the breach service is unreachable and the policy fails closed.
  virtual Result<PasswordWarning> CheckNewPassword(const http::Request& request,
                                                   std::string_view password,
                                                   std::span<const std::string> context) = 0;
};

// Pairs a successful Before…() with exactly one AfterSignIn() (Finish) or,
// whichever other way the handler leaves (a 503 from the KDF pool, a store
// error), AbortSignIn(): the attempt then never counted. `guard` may be null.
class GuardedAttempt {
 public:
  GuardedAttempt(CredentialGuard* guard, const http::Request& request, std::string_view email)
      : guard_(guard), request_(request), email_(email) {}
  GuardedAttempt(const GuardedAttempt&) = delete;
  GuardedAttempt& operator=(const GuardedAttempt&) = delete;
  ~GuardedAttempt() {
    if (guard_ && !finished_) guard_->AbortSignIn(request_, email_);
  }
  void Finish(const std::string& user_id, bool success) {
    if (!guard_ || finished_) return;
    finished_ = true;
    guard_->AfterSignIn(request_, email_, user_id, success);
  }

 private:
  CredentialGuard* guard_;
  const http::Request& request_;
  std::string_view email_;
  bool finished_ = false;
};

}  // namespace latchkey

#endif  // LK_FEATURES_COMMON_CREDENTIAL_GUARD_H_
