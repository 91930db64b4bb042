// Impersonation and the admin routes' second-factor rule, through the
// in-process app (docs/permissions.md "Impersonation", "Second factor").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/otp.h"
#include "features/admin/admin_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::admin {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FindSetCookie;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;
using ::latchkey::testing::TestAppOptions;

constexpr std::string_view kPassword = "analytical engine 1843";
constexpr std::string_view kImpersonate = "/api/auth/admin/impersonate-user";
constexpr std::string_view kStop = "/api/auth/admin/stop-impersonating";

class ImpersonationTest : public ::testing::Test {
 protected:
  void Start(TestAppOptions options = {}) { app_ = TestApp::Start(std::move(options)); }
  void SetUp() override { Start(); }

  Client UserWithRole(std::string_view email, std::string_view role) {
    Client client = app_->SignUp(email, kPassword, "Someone");
    if (role != "user") {
      auto done = store::InTransaction(app_->store(), [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(tx.Exec("INSERT INTO user_admin (user_id, role, updated_at) VALUES (?, ?, 0)",
                       {client.user_id(), std::string(role)}));
        return {};
      });
      EXPECT_TRUE(done.has_value());
    }
    return client;
  }
  static std::string UserIdBody(const Client& target) {
    return R"({"userId":")" + target.user_id() + "\"}";
  }

  std::unique_ptr<TestApp> app_;
};

TEST_F(ImpersonationTest, ActsAsTheUserThenStopRestoresTheAdmin) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string admin_cookie = *admin.cookies().Get("better-auth.session_token");
  http::Response started = admin.Post(kImpersonate, UserIdBody(ada));
  ASSERT_THAT(started, IsOkJson());
  EXPECT_EQ(JsonString(started, "/user/id"), ada.user_id());
  EXPECT_EQ(JsonString(started, "/session/impersonatedBy"), admin.user_id());
  // Better Auth's cookies: a don't-remember session cookie, the admin's in
  // admin_session.
  auto session = FindSetCookie(started, "better-auth.session_token");
  ASSERT_TRUE(session.has_value());
  EXPECT_FALSE(session->Attribute("max-age").has_value());
  EXPECT_TRUE(FindSetCookie(started, "better-auth.dont_remember").has_value());
  auto waiting = FindSetCookie(started, "better-auth.admin_session");
  ASSERT_TRUE(waiting.has_value());
  EXPECT_TRUE(waiting->Has("httponly"));

  http::Response as_ada = admin.Get("/api/auth/get-session");
  EXPECT_EQ(JsonString(as_ada, "/user/id"), ada.user_id());
  EXPECT_EQ(JsonString(as_ada, "/session/impersonatedBy"), admin.user_id());
  EXPECT_THAT(admin.Get("/api/auth/list-sessions"), IsOkJson());

  http::Response stopped = admin.Post(kStop, "{}");
  ASSERT_THAT(stopped, IsOkJson());
  EXPECT_EQ(JsonString(stopped, "/user/id"), admin.user_id());
  EXPECT_TRUE(FindSetCookie(stopped, "better-auth.admin_session")->Expires());
  EXPECT_EQ(*admin.cookies().Get("better-auth.session_token"), admin_cookie);
  http::Response back = admin.Get("/api/auth/get-session");
  EXPECT_EQ(JsonString(back, "/user/id"), admin.user_id());
  EXPECT_EQ(JsonAt(Json(back), "/session/impersonatedBy"), nullptr);
  EXPECT_EQ(app_->Count("sessions", "user_id = ?", {ada.user_id()}), 1);  // ada's own
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'admin.impersonation_started' AND target_user_id = ?",
                        {ada.user_id()}),
            1);
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'admin.impersonation_stopped' AND target_user_id = ?",
                        {ada.user_id()}),
            1);
  EXPECT_THAT(admin.Post(kStop, "{}"), HasError(400, "NOT_IMPERSONATING"));
}

// The session ends after admin_impersonation_minutes however active it is.
TEST_F(ImpersonationTest, EndsAfterItsTimeAndIsNeverRefreshed) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  ASSERT_THAT(admin.Post(kImpersonate, UserIdBody(ada)), IsOkJson());
  const std::string token = *admin.cookies().Get("better-auth.session_token");
  Client bearer = app_->NewClient();  // no dont_remember cookie: refresh would apply
  for (int minute = 10; minute <= 50; minute += 10) {
    app_->clock().Advance(10 * 60'000);
    EXPECT_THAT(bearer.Get("/api/auth/get-session", {{"authorization", "Bearer " + token}}),
                IsOkJson());
  }
  app_->clock().Advance(11 * 60'000);
  EXPECT_EQ(bearer.Get("/api/auth/get-session", {{"authorization", "Bearer " + token}}).body,
            "null");
  EXPECT_EQ(admin.Get("/api/auth/get-session").body, "null");
}

TEST_F(ImpersonationTest, NoAdministrationFromAnImpersonationSession) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  ASSERT_THAT(admin.Post(kImpersonate, UserIdBody(ada)), IsOkJson());
  EXPECT_THAT(admin.Post(kImpersonate, UserIdBody(bob)),
              HasError(403, "NOT_ALLOWED_WHILE_IMPERSONATING"));
  EXPECT_THAT(admin.Get("/api/auth/admin/list-users"),
              HasError(403, "NOT_ALLOWED_WHILE_IMPERSONATING"));
}

TEST_F(ImpersonationTest, AdminsAreNotImpersonated) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client other = UserWithRole("other@example.com", "admin");
  EXPECT_THAT(admin.Post(kImpersonate, UserIdBody(other)),
              HasError(403, "YOU_CANNOT_IMPERSONATE_ADMINS"));
  EXPECT_THAT(admin.Post(kImpersonate, R"({"userId":"nobody"})"), HasError(404, "USER_NOT_FOUND"));
}

TEST(ImpersonateAdminsTest, AllowedBySetting) {
  auto app = TestApp::Start(
      {.configure = [](Config& c) { c.Mutable<AdminSettings>().admin_impersonate_admins = true; }});
  Client root = app->SignUp("root@example.com", kPassword, "Root");
  Client peer = app->SignUp("peer@example.com", kPassword, "Peer");
  for (const Client* client : {&root, &peer}) {
    auto done = store::InTransaction(app->store(), [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(tx.Exec("INSERT INTO user_admin (user_id, role, updated_at) VALUES (?, 'admin', 0)",
                     {client->user_id()}));
      return {};
    });
    ASSERT_TRUE(done.has_value());
  }
  ASSERT_THAT(root.Post(kImpersonate, R"({"userId":")" + peer.user_id() + R"("})"), IsOkJson());
  // The impersonated admin's role does not open the admin routes.
  EXPECT_THAT(root.Get("/api/auth/admin/list-users"),
              HasError(403, "NOT_ALLOWED_WHILE_IMPERSONATING"));
}

TEST_F(ImpersonationTest, NonAdminsGetThePermissionsRefusal) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client eve = app_->SignUp("eve@example.com", kPassword, "Eve");
  EXPECT_THAT(eve.Post(kImpersonate, UserIdBody(ada)),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS"));
  EXPECT_THAT(app_->NewClient().Post(kImpersonate, UserIdBody(ada)), HasError(401, "UNAUTHORIZED"));
}

// The impersonation is a child of the admin's sign-in: banning the admin
// (which ends every session of theirs) ends it too.
TEST_F(ImpersonationTest, DiesWithTheAdminsSessions) {
  Client root = UserWithRole("root@example.com", "admin");
  Client rogue = UserWithRole("rogue@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client rogue_desk = app_->NewClient();  // the rogue admin's other browser
  ASSERT_THAT(rogue_desk.SignIn("rogue@example.com", kPassword), IsOkJson());
  ASSERT_THAT(rogue_desk.Post(kImpersonate, UserIdBody(ada)), IsOkJson());
  ASSERT_THAT(root.Post("/api/auth/admin/ban-user", UserIdBody(rogue)), IsOkJson());
  EXPECT_EQ(rogue_desk.Get("/api/auth/get-session").body, "null");
  EXPECT_EQ(app_->Count("sessions", "user_id = ?", {ada.user_id()}), 1);  // ada's own
}

// A stop without the admin's session (cookie lost, or that session
// revoked) still ends the impersonation.
TEST_F(ImpersonationTest, StopWithoutTheAdminSessionEndsTheImpersonation) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  ASSERT_THAT(admin.Post(kImpersonate, UserIdBody(ada)), IsOkJson());
  admin.cookies().Erase("better-auth.admin_session");
  EXPECT_THAT(admin.Post(kStop, "{}"), HasError(401, "ADMIN_SESSION_NOT_FOUND"));
  EXPECT_EQ(admin.Get("/api/auth/get-session").body, "null");
  EXPECT_EQ(app_->Count("sessions", "user_id = ?", {ada.user_id()}), 1);
}

// docs/permissions.md "Second factor": an admin with two-factor on
// administers only from a session that passed it (ASVS 4.3.1: the admin
// interface uses multi-factor authentication).
TEST_F(ImpersonationTest, TwoFactorAdminNeedsASessionThatPassedIt_ASVS_4_3_1) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client old_browser = app_->NewClient();
  ASSERT_THAT(old_browser.SignIn("root@example.com", kPassword), IsOkJson());
  http::Response enabled = admin.Post("/api/auth/two-factor/enable",
                                      R"({"password":")" + std::string(kPassword) + R"("})");
  ASSERT_THAT(enabled, IsOkJson());
  const std::string uri = JsonString(enabled, "/totpURI");
  const auto at = uri.find("secret=") + 7;
  const std::string key = *crypto::Base32Decode(uri.substr(at, uri.find('&', at) - at));
  auto code = [&] {
    return *crypto::TotpAtStep(key, crypto::TotpStep(app_->clock().NowMs() / 1000));
  };
  // Proving the authenticator rotates this browser's session: it passed the code.
  ASSERT_THAT(admin.Post("/api/auth/two-factor/verify-totp", R"({"code":")" + code() + "\"}"),
              IsOkJson());
  EXPECT_THAT(admin.Get("/api/auth/admin/list-users"), IsOkJson());
  // A password-only session from before is refused, until it steps up.
  EXPECT_THAT(old_browser.Get("/api/auth/admin/list-users"),
              HasError(403, "SECOND_FACTOR_REQUIRED"));
  app_->clock().Advance(30'000);
  ASSERT_THAT(old_browser.Post("/api/auth/two-factor/verify-totp", R"({"code":")" + code() + "\"}"),
              IsOkJson());
  EXPECT_THAT(old_browser.Get("/api/auth/admin/list-users"), IsOkJson());
  // A new sign-in through the challenge passes it too.
  app_->clock().Advance(30'000);
  Client fresh = app_->NewClient();
  ASSERT_THAT(fresh.SignIn("root@example.com", kPassword), IsOkJson());
  ASSERT_THAT(fresh.Post("/api/auth/two-factor/verify-totp", R"({"code":")" + code() + "\"}"),
              IsOkJson());
  EXPECT_THAT(fresh.Get("/api/auth/admin/list-users"), IsOkJson());
}

}  // namespace
}  // namespace latchkey::admin
