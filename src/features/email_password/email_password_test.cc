// sign-up, sign-in, change-password and verify-password through the
// in-process app (src/testing/test_app.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crypto/token_hash.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::email_password {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FindSetCookie;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasJsonString;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "grace@example.com";
constexpr std::string_view kPassword = "cobol compiler 1959";
constexpr std::string_view kSessionCookie = "better-auth.session_token";

// ASVS 3.4.2, 3.4.3: the session cookie is HttpOnly and SameSite, with
// Better Auth's attribute set and its 7-day Max-Age (docs/api.md).
TEST(SignUpTest, SetsTheSessionCookieWithItsAttributes) {
  auto app = TestApp::Start();
  Client client = app->NewClient();
  http::Response response = client.SignUp(kEmail, kPassword, "Grace");
  ASSERT_THAT(response, IsOkJson());
  EXPECT_THAT(response, HasJsonString("/user/email", "grace@example.com"));
  EXPECT_FALSE(JsonString(response, "/token").empty());
  auto cookie = FindSetCookie(response, kSessionCookie);
  ASSERT_TRUE(cookie);
  EXPECT_TRUE(cookie->Has("HttpOnly"));
  EXPECT_EQ(cookie->Attribute("SameSite"), "Lax");
  EXPECT_EQ(cookie->Attribute("Path"), "/");
  EXPECT_EQ(cookie->Attribute("Max-Age"), "604800");
  EXPECT_FALSE(cookie->Has("Secure"));  // http base URL
  EXPECT_TRUE(response.no_store);
  // The cookie is "token.signature" (percent-encoded); the database holds
  // only the token's hash (docs/architecture.md "Sessions").
  const std::string token = JsonString(response, "/token");
  EXPECT_EQ(app->Count("sessions", "user_id = ? AND token_hash = ?",
                       {client.user_id(), crypto::HashToken(token)}),
            1);
  EXPECT_EQ(client.session_cookie().rfind(token + ".", 0), 0u) << client.session_cookie();
}

// ASVS 3.4.1: over https the session cookie is Secure.
TEST(SignUpTest, HttpsBaseUrlMakesTheCookieSecure) {
  auto app = TestApp::Start({.configure = [](Config& c) { c.base_url = "https://auth.example"; }});
  Client client = app->NewClient();
  http::Response response = client.SignUp(kEmail, kPassword);
  // Better Auth marks it with the __Secure- name prefix too (RFC 6265bis).
  auto cookie = FindSetCookie(response, "__Secure-" + std::string(kSessionCookie));
  ASSERT_TRUE(cookie);
  EXPECT_TRUE(cookie->Has("Secure"));
  EXPECT_FALSE(client.session_cookie().empty());
}

TEST(SignUpTest, RefusesATakenEmailWhateverItsCase) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  EXPECT_THAT(app->NewClient().SignUp("Grace@Example.COM", "another long passphrase"),
              HasError(422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"));
  EXPECT_EQ(app->Count("users"), 1);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.sign_up' AND outcome = 'failure'"), 1);
}

// The configured minimum length, and ASVS 2.1.7: well-known passwords are refused.
TEST(SignUpTest, RefusesShortAndCommonPasswords) {
  auto app = TestApp::Start();
  EXPECT_THAT(app->NewClient().SignUp(kEmail, "short"), HasError(400, "PASSWORD_TOO_SHORT"));
  http::Response common = app->NewClient().SignUp(kEmail, "password123");
  EXPECT_EQ(common.status, 400) << common.body;
  EXPECT_EQ(app->Count("users"), 0);
}

// ASVS 2.2.1 (no account enumeration): a wrong password and an unknown
// e-mail get the same answer; the audit trail tells them apart.
TEST(SignInTest, WrongPasswordAndUnknownEmailAnswerAlike) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  http::Response wrong = app->NewClient().SignIn(kEmail, "not the password");
  http::Response unknown = app->NewClient().SignIn("nobody@example.com", "not the password");
  EXPECT_THAT(wrong, HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_THAT(unknown, HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_FALSE(FindSetCookie(wrong, kSessionCookie));
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.sign_in' AND details LIKE ?",
                       {"%wrong_password%"}),
            1);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.sign_in' AND details LIKE ?",
                       {"%unknown_email%"}),
            1);
}

TEST(SignInTest, StartsASecondSessionForTheSameUser) {
  auto app = TestApp::Start();
  Client first = app->SignUp(kEmail, kPassword);
  Client second = app->SignIn(kEmail, kPassword);
  EXPECT_NE(first.session_cookie(), second.session_cookie());
  EXPECT_EQ(second.user_id(), first.user_id());
  EXPECT_EQ(app->Count("sessions", "user_id = ?", {first.user_id()}), 2);
  EXPECT_THAT(first.Get("/api/auth/get-session"), HasJsonString("/user/email", kEmail));
}

// rememberMe=false: a browser-session cookie (no Max-Age) plus the
// dont_remember marker that keeps later refreshes from extending it.
TEST(SignInTest, WithoutRememberMeSetsABrowserSessionCookie) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  Client client = app->NewClient();
  http::Response response = client.SignIn(kEmail, kPassword, /*remember_me=*/false);
  ASSERT_THAT(response, IsOkJson());
  auto cookie = FindSetCookie(response, kSessionCookie);
  ASSERT_TRUE(cookie);
  EXPECT_FALSE(cookie->Has("Max-Age"));
  EXPECT_TRUE(FindSetCookie(response, "better-auth.dont_remember"));
}

// ASVS 3.3.3: changing the password can end every other session.
TEST(ChangePasswordTest, RevokingOtherSessionsSignsEveryOtherDeviceOut) {
  auto app = TestApp::Start();
  Client laptop = app->SignUp(kEmail, kPassword);
  Client phone = app->SignIn(kEmail, kPassword);
  http::Response changed =
      laptop.PostJson("/api/auth/change-password", {{"currentPassword", std::string(kPassword)},
                                                    {"newPassword", "a brand new passphrase"},
                                                    {"revokeOtherSessions", true}});
  ASSERT_THAT(changed, IsOkJson());
  EXPECT_FALSE(JsonString(changed, "/token").empty());
  EXPECT_EQ(phone.Get("/api/auth/get-session").body, "null");
  EXPECT_THAT(laptop.Get("/api/auth/get-session"), HasJsonString("/user/email", kEmail));
  EXPECT_EQ(app->Count("sessions"), 1);
  EXPECT_THAT(app->NewClient().SignIn(kEmail, kPassword),
              HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_THAT(app->NewClient().SignIn(kEmail, "a brand new passphrase"), IsOkJson());
}

TEST(ChangePasswordTest, KeepsOtherSessionsUnlessAsked) {
  auto app = TestApp::Start();
  Client laptop = app->SignUp(kEmail, kPassword);
  Client phone = app->SignIn(kEmail, kPassword);
  http::Response changed = laptop.PostJson(
      "/api/auth/change-password",
      {{"currentPassword", std::string(kPassword)}, {"newPassword", "a brand new passphrase"}});
  ASSERT_THAT(changed, IsOkJson());
  EXPECT_EQ(changed.body.find(R"("token":null)") != std::string::npos, true) << changed.body;
  EXPECT_THAT(phone.Get("/api/auth/get-session"), HasJsonString("/user/email", kEmail));
}

TEST(ChangePasswordTest, AWrongCurrentPasswordChangesNothing) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  auto before = app->Query("SELECT password_hash FROM accounts");
  EXPECT_THAT(
      client.PostJson("/api/auth/change-password", {{"currentPassword", "a wrong guess here"},
                                                    {"newPassword", "a brand new passphrase"}}),
      HasError(400, "INVALID_PASSWORD"));
  auto after = app->Query("SELECT password_hash FROM accounts");
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(before[0].GetString("password_hash").value_or("a"),
            after[0].GetString("password_hash").value_or("b"));
  EXPECT_EQ(
      app->Count("audit_events", "event_type = 'user.change_password' AND outcome = 'failure'"), 1);
}

TEST(VerifyPasswordTest, ChecksTheSignedInUsersPassword) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  EXPECT_THAT(client.PostJson("/api/auth/verify-password", {{"password", std::string(kPassword)}}),
              IsOkJson());
  EXPECT_THAT(client.PostJson("/api/auth/verify-password", {{"password", "a wrong guess here"}}),
              HasError(400, "INVALID_PASSWORD"));
  EXPECT_THAT(app->NewClient().PostJson("/api/auth/verify-password",
                                        {{"password", std::string(kPassword)}}),
              HasError(401, "UNAUTHORIZED"));
}

}  // namespace
}  // namespace latchkey::email_password
