#include "features/platform/activity.h"

#include <algorithm>
#include <string>

namespace latchkey::platform {
namespace {

template <std::size_t N>
std::size_t IndexOf(const std::array<std::string_view, N>& list, std::string_view value,
                    std::size_t otherwise) {
  auto it = std::find(list.begin(), list.end(), value);
  return it == list.end() ? otherwise : static_cast<std::size_t>(it - list.begin());
}

std::string Label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + std::string(value) + "\"";
}

}  // namespace

Activity::Activity(metrics::Registry& registry) {
  for (std::size_t m = 0; m < kSignInMethods.size(); ++m) {
    for (std::size_t o = 0; o < kSignInOutcomes.size(); ++o) {
      sign_ins_[m][o] = &registry.GetCounter(
          "latchkey_sign_in_attempts_total", "Sign-in attempts by method and outcome",
          Label("method", kSignInMethods[m]) + "," + Label("outcome", kSignInOutcomes[o]));
    }
  }
  for (std::size_t m = 0; m < kSignUpMethods.size(); ++m) {
    sign_ups_[m] = &registry.GetCounter("latchkey_sign_ups_total", "Accounts created by sign-up",
                                        Label("method", kSignUpMethods[m]));
  }
  verified_ = &registry.GetCounter("latchkey_email_verifications_total",
                                   "E-mail addresses verified through their link");
  reset_requested_ =
      &registry.GetCounter("latchkey_password_resets_total",
                           "Password resets requested and completed", Label("stage", "requested"));
  reset_completed_ =
      &registry.GetCounter("latchkey_password_resets_total",
                           "Password resets requested and completed", Label("stage", "completed"));
}

void Activity::SignIn(std::string_view method, std::string_view outcome) const {
  static constexpr std::size_t kRejected = 11;
  static_assert(kSignInOutcomes[kRejected] == "rejected");
  const std::size_t m = IndexOf(kSignInMethods, method, kSignInMethods.size());
  if (m == kSignInMethods.size()) return;
  sign_ins_[m][IndexOf(kSignInOutcomes, outcome, kRejected)]->Inc();
}

void Activity::SignInRefused(std::string_view method, const Error& error) const {
  SignIn(method, SignInOutcomeOf(error));
}

void Activity::SignUp(std::string_view method) const {
  sign_ups_[IndexOf(kSignUpMethods, method, 0)]->Inc();
}

void Activity::EmailVerified() const { verified_->Inc(); }
void Activity::PasswordResetRequested() const { reset_requested_->Inc(); }
void Activity::PasswordResetCompleted() const { reset_completed_->Inc(); }

std::string_view SignInOutcomeOf(const Error& error) {
  struct ByCode {
    std::string_view code;
    std::string_view outcome;
  };
  // The refusals of the sign-in routes and the checks they run
  // (email_password, abuse, admin's ban, two_factor).
  static constexpr ByCode kByCode[] = {
      {"INVALID_EMAIL_OR_PASSWORD", "wrong_password"},
      {"EMAIL_NOT_VERIFIED", "unverified_email"},
      {"BANNED_USER", "banned"},
      {"ACCOUNT_TEMPORARILY_LOCKED", "locked"},
      {"TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE", "locked"},
      {"MISSING_RESPONSE", "captcha_required"},
      {"VERIFICATION_FAILED", "captcha_failed"},
      {"INVALID_CODE", "wrong_code"},
      {"INVALID_BACKUP_CODE", "wrong_code"},
      {"OTP_HAS_EXPIRED", "wrong_code"},
  };
  for (const ByCode& row : kByCode) {
    if (row.code == error.code) return row.outcome;
  }
  switch (error.kind) {
    case ErrorKind::kRateLimited:
      return "rate_limited";
    case ErrorKind::kInvalidArgument:
      return "invalid_request";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "error";
    default:
      return "rejected";
  }
}

}  // namespace latchkey::platform
