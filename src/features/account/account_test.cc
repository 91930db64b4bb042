// update-user, list-accounts and delete-user through the in-process app
// (src/testing/test_app.h): status, error code, rows and cookies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "features/account/account_settings.h"
#include "features/sessions/session_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::account {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FindSetCookie;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasJsonString;
using ::latchkey::testing::HasStatus;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::LinkToken;
using ::latchkey::testing::TestApp;
using ::latchkey::testing::TestAppOptions;

constexpr std::string_view kEmail = "ada@example.com";
constexpr std::string_view kPassword = "analytical engine 1843";
constexpr TimeMs kDayMs = TimeMs{86400} * 1000;

TestAppOptions DeleteEnabled(bool confirm_by_mail = false) {
  return {.configure = [confirm_by_mail](Config& c) {
    c.Mutable<AccountSettings>().delete_user_enabled = true;
    c.Mutable<AccountSettings>().delete_user_confirm_by_mail = confirm_by_mail;
  }};
}

TEST(UpdateUserTest, ChangesTheNameTheSessionShows) {
  auto app = TestApp::Start();
  Client ada = app->SignUp(kEmail, kPassword, "Ada");
  http::Response updated = ada.Post("/api/auth/update-user", R"({"name":"Ada Lovelace"})");
  EXPECT_THAT(updated, IsOkJson());
  EXPECT_EQ(updated.body, R"({"status":true})");
  EXPECT_THAT(ada.Get("/api/auth/get-session"), HasJsonString("/user/name", "Ada Lovelace"));
  auto rows = app->Query("SELECT name FROM users WHERE id = ?", {ada.user_id()});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("name").value_or(""), "Ada Lovelace");
  EXPECT_EQ(
      app->Count("audit_events", "event_type = 'user.update' AND user_id = ?", {ada.user_id()}), 1);
}

TEST(UpdateUserTest, SetsAndClearsTheImage) {
  auto app = TestApp::Start();
  Client ada = app->SignUp(kEmail, kPassword);
  EXPECT_THAT(ada.Post("/api/auth/update-user", R"({"image":"https://img.example/a.png"})"),
              IsOkJson());
  EXPECT_THAT(ada.Get("/api/auth/get-session"),
              HasJsonString("/user/image", "https://img.example/a.png"));
  EXPECT_THAT(ada.Post("/api/auth/update-user", R"({"image":null})"), IsOkJson());
  const auto session = Json(ada.Get("/api/auth/get-session"));  // outlives `image`
  const auto* image = testing::JsonAt(session, "/user/image");
  ASSERT_NE(image, nullptr);
  EXPECT_TRUE(image->is_null());
}

TEST(UpdateUserTest, RefusesAnEmailChangeAndAnEmptyChange) {
  auto app = TestApp::Start();
  Client ada = app->SignUp(kEmail, kPassword);
  EXPECT_THAT(ada.Post("/api/auth/update-user", R"({"email":"eve@example.com"})"),
              HasError(400, "EMAIL_CAN_NOT_BE_UPDATED"));
  // Better Auth sends "No fields to update" without a code.
  http::Response empty = ada.Post("/api/auth/update-user", R"({"emailVerified":true})");
  EXPECT_THAT(empty, HasStatus(400));
  EXPECT_EQ(JsonString(empty, "/message"), "No fields to update");
  EXPECT_EQ(app->Count("users", "email = ? AND email_verified = 0", {std::string(kEmail)}), 1);
}

TEST(UpdateUserTest, WithoutASessionIsUnauthorized) {
  auto app = TestApp::Start();
  EXPECT_THAT(app->NewClient().Post("/api/auth/update-user", R"({"name":"Eve"})"),
              HasError(401, "UNAUTHORIZED"));
}

TEST(ListAccountsTest, ShowsTheCredentialAccount) {
  auto app = TestApp::Start();
  Client ada = app->SignUp(kEmail, kPassword);
  http::Response listed = ada.Get("/api/auth/list-accounts");
  ASSERT_THAT(listed, IsOkJson());
  EXPECT_TRUE(listed.no_store);  // it names the user's sign-in methods
  boost::json::value json = Json(listed);
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.as_array().size(), 1u);
  EXPECT_THAT(listed, HasJsonString("/0/providerId", "credential"));
  EXPECT_THAT(listed, HasJsonString("/0/accountId", ada.user_id()));
  EXPECT_THAT(listed, HasJsonString("/0/userId", ada.user_id()));
  EXPECT_THAT(app->NewClient().Get("/api/auth/list-accounts"), HasError(401, "UNAUTHORIZED"));
}

TEST(DeleteUserTest, DisabledAnswersAnEmpty404) {
  auto app = TestApp::Start();
  Client ada = app->SignUp(kEmail, kPassword);
  http::Response response =
      ada.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}});
  EXPECT_THAT(response, HasStatus(404));
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(app->Count("users"), 1);
}

TEST(DeleteUserTest, WithThePasswordDeletesTheUserAndClearsTheCookies) {
  auto app = TestApp::Start(DeleteEnabled());
  Client ada = app->SignUp(kEmail, kPassword);
  const std::string id = ada.user_id();
  http::Response deleted =
      ada.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}});
  EXPECT_THAT(deleted, HasJsonString("/message", "User deleted"));
  auto cookie = FindSetCookie(deleted, "better-auth.session_token");
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->Attribute("Max-Age"), "0");
  // accounts and sessions go with the user (ON DELETE CASCADE).
  EXPECT_EQ(app->Count("users"), 0);
  EXPECT_EQ(app->Count("accounts", "user_id = ?", {id}), 0);
  EXPECT_EQ(app->Count("sessions", "user_id = ?", {id}), 0);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.delete' AND outcome = 'success'"), 1);
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");
}

// ASVS 2.2.1: a wrong password is refused and counted, and deletes nothing.
TEST(DeleteUserTest, AWrongPasswordDeletesNothing) {
  auto app = TestApp::Start(DeleteEnabled());
  Client ada = app->SignUp(kEmail, kPassword);
  EXPECT_THAT(ada.PostJson("/api/auth/delete-user", {{"password", "not my password"}}),
              HasError(400, "INVALID_PASSWORD"));
  EXPECT_EQ(app->Count("users"), 1);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.delete' AND outcome = 'failure'"), 1);
}

// ASVS 3.7.1: without a password, only a fresh session may delete.
TEST(DeleteUserTest, WithoutAPasswordNeedsAFreshSession) {
  auto app = TestApp::Start(DeleteEnabled());
  Client ada = app->SignUp(kEmail, kPassword);
  app->clock().Advance(app->config().Get<sessions::SessionSettings>().session_fresh_age_s * 1000 +
                       1000);
  EXPECT_THAT(ada.Post("/api/auth/delete-user", "{}"), HasError(400, "SESSION_EXPIRED"));
  EXPECT_EQ(app->Count("users"), 1);
  Client fresh = app->SignIn(kEmail, kPassword);
  EXPECT_THAT(fresh.Post("/api/auth/delete-user", "{}"), IsOkJson());
  EXPECT_EQ(app->Count("users"), 0);
}

TEST(DeleteUserTest, ConfirmedByMailDeletesOnlyThroughTheOwnersLink) {
  auto app = TestApp::Start(DeleteEnabled(/*confirm_by_mail=*/true));
  Client ada = app->SignUp(kEmail, kPassword);
  Client eve = app->SignUp("eve@example.com", "eavesdropping 4ever");
  EXPECT_THAT(ada.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}}),
              HasJsonString("/message", "Verification email sent"));
  EXPECT_EQ(app->Count("users"), 2);  // nothing deleted before the link
  auto mail = app->LastMailTo(kEmail);
  ASSERT_TRUE(mail);
  auto link = testing::FirstLink(mail->text);
  ASSERT_TRUE(link);
  const std::string token = LinkToken(*link);
  const std::string callback = "/api/auth/delete-user/callback?token=" + token;
  // Someone else's session cannot use the link.
  EXPECT_THAT(eve.Get(callback), HasError(404, "INVALID_TOKEN"));
  EXPECT_EQ(app->Count("users"), 2);
  // A new link, opened by its owner.
  ASSERT_THAT(ada.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}}),
              IsOkJson());
  mail = app->LastMailTo(kEmail);
  ASSERT_TRUE(mail);
  EXPECT_THAT(ada.Get("/api/auth/delete-user/callback?token=" +
                      LinkToken(testing::FirstLink(mail->text).value_or(""))),
              HasJsonString("/message", "User deleted"));
  EXPECT_EQ(app->Count("users", "email = ?", {std::string(kEmail)}), 0);
  EXPECT_EQ(app->Count("verification_tokens"), 0);
}

TEST(DeleteUserTest, DeletionAfterADayOldLinkIsRefused) {
  auto app = TestApp::Start(DeleteEnabled(/*confirm_by_mail=*/true));
  Client ada = app->SignUp(kEmail, kPassword);
  ASSERT_THAT(ada.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}}),
              IsOkJson());
  auto mail = app->LastMailTo(kEmail);
  ASSERT_TRUE(mail);
  app->clock().Advance(kDayMs);  // the link lives exactly one day
  EXPECT_THAT(ada.Get("/api/auth/delete-user/callback?token=" +
                      LinkToken(testing::FirstLink(mail->text).value_or(""))),
              HasError(404, "INVALID_TOKEN"));
  EXPECT_EQ(app->Count("users"), 1);
}

}  // namespace
}  // namespace latchkey::account
