// Shared set-up of the two-factor tests: an app with mailed codes on, a
// user with a proven authenticator, and TOTP codes computed from its URI.
#ifndef LK_FEATURES_TWO_FACTOR_TESTS_TWO_FACTOR_FIXTURE_H_
#define LK_FEATURES_TWO_FACTOR_TESTS_TWO_FACTOR_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "crypto/otp.h"
#include "features/two_factor/two_factor_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::two_factor {

inline constexpr std::string_view kEmail = "grace@example.com";
inline constexpr std::string_view kPassword = "cobol compiler 1959";
inline constexpr std::string_view kTwoFactorCookie = "better-auth.two_factor";
inline constexpr std::string_view kTrustCookie = "better-auth.trust_device";
inline constexpr std::string_view kSessionCookie = "better-auth.session_token";

class TwoFactorTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Signs up `email`, enables TOTP and proves it; returns the signed-in client.
  ::latchkey::testing::Client EnrolledUser(std::string_view email = kEmail);
  // The code of the authenticator at `offset_steps` from the clock's step.
  std::string Code(int offset_steps = 0) const;
  // A fresh client that signed in with the password and holds the challenge.
  ::latchkey::testing::Client Challenged(std::string_view email = kEmail);
  // POST /two-factor/<route> {"code": code, …extra}.
  http::Response Verify(::latchkey::testing::Client& client, std::string_view route,
                        std::string_view code, std::string_view extra = "");

  std::unique_ptr<::latchkey::testing::TestApp> app_;
  std::string key_;  // the authenticator's key (raw bytes)
  std::vector<std::string> backup_codes_;
};

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TESTS_TWO_FACTOR_FIXTURE_H_
