// What people do, counted for the operator (docs/operations.md "Metrics"):
// sign-in attempts by method and outcome, sign-ups, e-mail verifications and
// password resets. Features report here (through Services::activity and the
// sign-in flow) and never touch the metrics registry themselves; the labels
// come from the fixed lists below, so their cardinality is bounded whatever
// the traffic. Callers count once the work is committed: in a transaction,
// from Transaction::OnCommit, so a rolled-back sign-up is never counted.
// Thread-safety: immutable after construction; counting is lock-free.
#ifndef LK_FEATURES_PLATFORM_ACTIVITY_H_
#define LK_FEATURES_PLATFORM_ACTIVITY_H_

#include <array>
#include <span>
#include <string_view>

#include "core/error.h"
#include "observability/metrics.h"

namespace latchkey::platform {

class Activity {
 public:
  // The `method` label: how the user proved the first factor, or
  // "two_factor" for the request answering a two-factor challenge.
  static constexpr std::array<std::string_view, 4> kSignInMethods = {"email", "passkey", "social",
                                                                     "two_factor"};
  // The `outcome` label. Unknown e-mails count as wrong_password, as the
  // answer is the same (a metric must not tell which accounts exist).
  // (A breached password is refused where one is chosen, never at sign-in:
  // no outcome for it here.)
  static constexpr std::array<std::string_view, 14> kSignInOutcomes = {"ok",
                                                                       "two_factor_required",
                                                                       "wrong_password",
                                                                       "wrong_code",
                                                                       "unverified_email",
                                                                       "banned",
                                                                       "locked",
                                                                       "captcha_required",
                                                                       "captcha_failed",
                                                                       "rate_limited",
                                                                       "invalid_request",
                                                                       "rejected",
                                                                       "unavailable",
                                                                       "error"};
  static constexpr std::array<std::string_view, 2> kSignUpMethods = {"email", "social"};

  // Registers every series up front (each at 0), so dashboards and alerts
  // see them before the first event and counting never searches.
  explicit Activity(metrics::Registry& registry = metrics::Global());

  // `method` and `outcome` from the lists above; another method is not
  // counted, another outcome counts as "rejected".
  void SignIn(std::string_view method, std::string_view outcome) const;
  // A refused sign-in: the outcome its error stands for (SignInOutcomeOf).
  void SignInRefused(std::string_view method, const Error& error) const;
  void SignUp(std::string_view method) const;  // "email" or "social"
  void EmailVerified() const;
  void PasswordResetRequested() const;  // every accepted request, known account or not
  void PasswordResetCompleted() const;

 private:
  std::array<std::array<metrics::Counter*, kSignInOutcomes.size()>, kSignInMethods.size()>
      sign_ins_{};
  std::array<metrics::Counter*, kSignUpMethods.size()> sign_ups_{};
  metrics::Counter* verified_ = nullptr;
  metrics::Counter* reset_requested_ = nullptr;
  metrics::Counter* reset_completed_ = nullptr;
};

// The outcome label a refused sign-in's error stands for: by its code where
// one is known (INVALID_EMAIL_OR_PASSWORD → wrong_password, BANNED_USER →
// banned, ACCOUNT_TEMPORARILY_LOCKED → locked, MISSING_RESPONSE →
// captcha_required, …), else by its kind (kRateLimited → rate_limited,
// kInvalidArgument → invalid_request, kUnavailable → unavailable, kInternal
// → error, the rest → rejected).
std::string_view SignInOutcomeOf(const Error& error);

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_ACTIVITY_H_
