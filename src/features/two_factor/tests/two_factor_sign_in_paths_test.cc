// twoFactorEnabled reaches every place the user is shown, and every way of
// signing in passes the gate (docs/api.md "Two-factor authentication").
#include <boost/json.hpp>

#include "crypto/encoding.h"
#include "features/email_verification/email_verification_settings.h"
#include "features/two_factor/tests/two_factor_fixture.h"
#include "testing/outbox_reader.h"

namespace latchkey::two_factor {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FindSetCookie;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

TEST_F(TwoFactorTest, JwtClaimsCarryTwoFactorEnabled) {
  Client grace = EnrolledUser();
  const std::string jwt = JsonString(grace.Get("/api/auth/token"), "/token");
  const auto first = jwt.find('.');
  const auto second = jwt.find('.', first + 1);
  ASSERT_NE(second, std::string::npos);
  auto payload = crypto::Base64UrlDecode(jwt.substr(first + 1, second - first - 1));
  ASSERT_TRUE(payload.has_value());
  const boost::json::value claims = boost::json::parse(*payload);
  EXPECT_EQ(claims.at("twoFactorEnabled").as_bool(), true);
}

// An e-mail verification link is a first factor: with auto sign-in it
// signs in only users without 2FA.
TEST(TwoFactorSignInPathsTest, VerificationLinkDoesNotSkipTheSecondFactor) {
  auto app = TestApp::Start({.configure = [](Config& c) {
    c.Mutable<email_verification::EmailVerificationSettings>().auto_sign_in_after_verification =
        true;
  }});
  Client grace = app->SignUp(kEmail, kPassword, "Grace");
  http::Response enabled = grace.Post("/api/auth/two-factor/enable",
                                      R"({"password":")" + std::string(kPassword) + R"("})");
  const std::string uri = JsonString(enabled, "/totpURI");
  const auto at = uri.find("secret=") + 7;
  const std::string key = crypto::Base32Decode(uri.substr(at, uri.find('&', at) - at)).value();
  const std::string code =
      crypto::TotpAtStep(key, crypto::TotpStep(app->clock().NowMs() / 1000)).value();
  ASSERT_THAT(grace.Post("/api/auth/two-factor/verify-totp", R"({"code":")" + code + R"("})"),
              IsOkJson());
  ASSERT_THAT(grace.Post("/api/auth/send-verification-email",
                         R"({"email":")" + std::string(kEmail) + R"("})"),
              IsOkJson());
  auto mail = app->LastMailTo(kEmail);
  ASSERT_TRUE(mail.has_value());
  auto link = ::latchkey::testing::FirstLink(mail->text);
  ASSERT_TRUE(link.has_value());
  Client other_browser = app->NewClient();
  http::Response verified =
      other_browser.Get("/api/auth/verify-email?token=" + ::latchkey::testing::LinkToken(*link));
  EXPECT_THAT(verified, IsOkJson());
  EXPECT_FALSE(FindSetCookie(verified, kSessionCookie).has_value());
  EXPECT_EQ(app->Count("users", "email_verified = 1"), 1);
}

}  // namespace
}  // namespace latchkey::two_factor
