// request-password-reset, the mailed link and reset-password through the
// in-process app (src/testing/test_app.h), reading the link from the outbox.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::password_reset {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FirstLink;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasStatus;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::LinkToken;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "linus@example.com";
constexpr std::string_view kPassword = "a kernel in 1991";
constexpr std::string_view kNewPassword = "a fresh kernel in 2026";
constexpr TimeMs kHourMs = TimeMs{3600} * 1000;

// Asks for a reset link for `email` and returns the token it mails ("" when
// no mail went out).
std::string RequestReset(TestApp& app, std::string_view email) {
  const std::size_t before = app.Outbox().size();
  http::Response response =
      app.NewClient().PostJson("/api/auth/request-password-reset", {{"email", email}});
  EXPECT_THAT(response, IsOkJson());
  auto mails = app.Outbox();
  if (mails.size() == before) return "";
  EXPECT_EQ(mails.back().to, email);
  EXPECT_EQ(mails.back().subject, "Reset your password | Latchkey");
  return LinkToken(FirstLink(mails.back().text).value_or(""));
}

http::Response Reset(TestApp& app, const std::string& token,
                     std::string_view password = kNewPassword) {
  return app.NewClient().PostJson("/api/auth/reset-password",
                                  {{"token", token}, {"newPassword", password}});
}

// ASVS 2.2.1 (no account enumeration): a known and an unknown address get
// the same answer; only the known one gets a mail.
TEST(RequestPasswordResetTest, AnswersAlikeForUnknownAddresses) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  Client client = app->NewClient();
  http::Response known =
      client.PostJson("/api/auth/request-password-reset", {{"email", std::string(kEmail)}});
  http::Response unknown =
      client.PostJson("/api/auth/request-password-reset", {{"email", "nobody@example.com"}});
  EXPECT_THAT(known, IsOkJson());
  EXPECT_EQ(known.body, unknown.body);
  auto mails = app->Outbox();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, kEmail);
  EXPECT_EQ(mails[0].status, "queued");
  // The link points at this server's base URL, never at a request header.
  EXPECT_EQ(FirstLink(mails[0].text)
                .value_or("")
                .rfind("http://localhost:3000/api/auth/reset-password/", 0),
            0u);
}

// ASVS 3.3.3: a reset ends every session of the account.
TEST(ResetPasswordTest, SetsTheNewPasswordAndEndsEverySession) {
  auto app = TestApp::Start();
  Client old_session = app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  ASSERT_FALSE(token.empty());
  http::Response reset = Reset(*app, token);
  EXPECT_THAT(reset, IsOkJson());
  EXPECT_EQ(reset.body, R"({"status":true})");
  EXPECT_EQ(old_session.Get("/api/auth/get-session").body, "null");
  EXPECT_EQ(app->Count("sessions"), 0);
  EXPECT_THAT(app->NewClient().SignIn(kEmail, kPassword),
              HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_THAT(app->NewClient().SignIn(kEmail, kNewPassword), IsOkJson());
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.password_reset'"), 1);
}

// ASVS 2.7.3 (for mailed links): a reset token works once.
TEST(ResetPasswordTest, ATokenWorksOnlyOnce) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  EXPECT_THAT(Reset(*app, token), IsOkJson());
  EXPECT_THAT(Reset(*app, token, "yet another passphrase"), HasError(400, "INVALID_TOKEN"));
  EXPECT_THAT(app->NewClient().SignIn(kEmail, kNewPassword), IsOkJson());
}

// The link lives one hour (Better Auth's default), by the server's clock.
TEST(ResetPasswordTest, TheLinkExpiresAfterAnHour) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  app->clock().Advance(kHourMs);
  EXPECT_THAT(Reset(*app, token), HasError(400, "INVALID_TOKEN"));
  EXPECT_THAT(app->NewClient().SignIn(kEmail, kPassword), IsOkJson());
}

TEST(ResetPasswordTest, OneHourMinusAMillisecondIsStillValid) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  app->clock().Advance(kHourMs - 1);
  EXPECT_THAT(Reset(*app, token), IsOkJson());
}

TEST(ResetPasswordTest, ANewRequestVoidsTheEarlierLink) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string first = RequestReset(*app, kEmail);
  const std::string second = RequestReset(*app, kEmail);
  ASSERT_NE(first, second);
  EXPECT_THAT(Reset(*app, first), HasError(400, "INVALID_TOKEN"));
  EXPECT_THAT(Reset(*app, second), IsOkJson());
}

TEST(ResetPasswordTest, RefusesAShortPasswordBeforeSpendingTheToken) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  EXPECT_THAT(Reset(*app, token, "short"), HasError(400, "PASSWORD_TOO_SHORT"));
  EXPECT_THAT(Reset(*app, token), IsOkJson());
}

// The reset also ends refresh-token families (they hang off the sessions).
TEST(ResetPasswordTest, EndsRefreshTokenFamilies) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  http::Response pair = client.Post("/api/auth/refresh-token/issue", "{}");
  ASSERT_THAT(pair, IsOkJson());
  const std::string refresh = testing::JsonString(pair, "/refresh_token");
  ASSERT_THAT(Reset(*app, RequestReset(*app, kEmail)), IsOkJson());
  EXPECT_THAT(app->NewClient().PostJson("/api/auth/refresh", {{"refresh_token", refresh}}),
              HasError(401, "INVALID_REFRESH_TOKEN"));
}

TEST(CheckResetLinkTest, RedirectsWithTheTokenOrAnError) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = RequestReset(*app, kEmail);
  Client browser = app->NewClient();
  http::Response live = browser.Get("/api/auth/reset-password/" + token + "?callbackURL=%2Freset");
  EXPECT_THAT(live, HasStatus(302));
  EXPECT_THAT(live, testing::HasHeader("Location", "http://localhost:3000/reset?token=" + token));
  http::Response dead = browser.Get("/api/auth/reset-password/nope?callbackURL=%2Freset");
  EXPECT_THAT(dead,
              testing::HasHeader("Location", "http://localhost:3000/reset?error=INVALID_TOKEN"));
  // ASVS 5.1.5: no redirect to a site the server does not trust.
  EXPECT_THAT(browser.Get("/api/auth/reset-password/" + token +
                          "?callbackURL=https%3A%2F%2Fevil.example%2F"),
              HasError(403, "INVALID_CALLBACK_URL"));
}

}  // namespace
}  // namespace latchkey::password_reset
