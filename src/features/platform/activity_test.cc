// The activity counters behind latchkey_sign_in_attempts_total and friends
// (docs/operations.md "Metrics"): every series exists from the start, labels
// stay within their fixed lists, and a refusal counts by its error's code.
#include "features/platform/activity.h"

#include <gtest/gtest.h>

#include <string>

namespace latchkey::platform {
namespace {

constexpr ErrorInfo kWrong{"INVALID_EMAIL_OR_PASSWORD", ErrorKind::kUnauthenticated, "Wrong"};
constexpr ErrorInfo kLocked{"ACCOUNT_TEMPORARILY_LOCKED", ErrorKind::kRateLimited, "Locked"};
constexpr ErrorInfo kNoCode{"", ErrorKind::kRateLimited, "Too many requests"};
constexpr ErrorInfo kOther{"PASSKEY_NOT_FOUND", ErrorKind::kNotFound, "Not found"};

std::string Attempts(const metrics::Registry& registry, std::string_view labels) {
  const std::string text = registry.RenderPrometheus();
  const std::string series = "latchkey_sign_in_attempts_total{" + std::string(labels) + "} ";
  const auto at = text.find(series);
  if (at == std::string::npos) return "absent";
  return text.substr(at + series.size(), text.find('\n', at) - at - series.size());
}

TEST(ActivityTest, EverySeriesExistsFromTheStart) {
  metrics::Registry registry;
  const Activity activity(registry);
  for (std::string_view method : Activity::kSignInMethods) {
    for (std::string_view outcome : Activity::kSignInOutcomes) {
      EXPECT_EQ(Attempts(registry, "method=\"" + std::string(method) + "\",outcome=\"" +
                                       std::string(outcome) + "\""),
                "0");
    }
  }
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("latchkey_sign_ups_total{method=\"email\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("latchkey_password_resets_total{stage=\"completed\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("latchkey_email_verifications_total 0\n"), std::string::npos);
}

TEST(ActivityTest, CountsByMethodAndOutcomeWithinTheFixedLists) {
  metrics::Registry registry;
  const Activity activity(registry);
  activity.SignIn("email", "ok");
  activity.SignIn("email", "made-up outcome");  // → rejected
  activity.SignIn("magic-link", "ok");          // not a counted method: nothing
  activity.SignInRefused("two_factor", MakeError(kLocked));
  EXPECT_EQ(Attempts(registry, R"(method="email",outcome="ok")"), "1");
  EXPECT_EQ(Attempts(registry, R"(method="email",outcome="rejected")"), "1");
  EXPECT_EQ(Attempts(registry, R"(method="two_factor",outcome="locked")"), "1");
  EXPECT_EQ(registry.RenderPrometheus().find("magic-link"), std::string::npos);
}

TEST(ActivityTest, RefusalsMapByCodeThenByKind) {
  EXPECT_EQ(SignInOutcomeOf(MakeError(kWrong)), "wrong_password");
  EXPECT_EQ(SignInOutcomeOf(MakeError(kLocked)), "locked");
  EXPECT_EQ(SignInOutcomeOf(MakeError(kNoCode)), "rate_limited");
  EXPECT_EQ(SignInOutcomeOf(MakeError(kOther)), "rejected");
  EXPECT_EQ(SignInOutcomeOf(InternalError("boom")), "error");
}

}  // namespace
}  // namespace latchkey::platform
