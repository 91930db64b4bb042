// The admin routes that manage accounts and sessions, and the operator
// extras other features offer (docs/api.md "Administration",
// docs/permissions.md "Account operations"): each change is one
// transaction with exactly one audit event naming its target (ASVS 7.2.2).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/admin/tests/admin_fixture.h"
#include "features/two_factor/two_factor_settings.h"
#include "testing/matchers.h"

namespace latchkey::admin {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;

std::string Body(const std::string& user_id, std::string_view rest = "") {
  return R"({"userId":")" + user_id + "\"" + (rest.empty() ? "" : ",") + std::string(rest) + "}";
}

class ManageTest : public AdminTest {
 protected:
  std::int64_t Audits(std::string_view type, const std::string& target) {
    return app_->Count("audit_events", "event_type = '" + std::string(type) +
                                           "' AND target_user_id = '" + target + "'");
  }
};

TEST_F(ManageTest, CreateUserTakesTheSignUpPathAndItsPolicy) {
  Client admin = UserWithRole("root@example.com", "admin");
  http::Response made = admin.Post(
      "/api/auth/admin/create-user",
      R"({"email":"New@Example.com","password":"a long passphrase!","name":"New","role":"support",
          "data":{"emailVerified":true}})");
  ASSERT_THAT(made, IsOkJson());
  EXPECT_EQ(JsonString(made, "/user/email"), "new@example.com");
  EXPECT_EQ(JsonString(made, "/user/role"), "support");
  EXPECT_EQ(JsonAt(Json(made), "/user/emailVerified")->as_bool(), true);
  EXPECT_EQ(JsonAt(Json(made), "/user/twoFactorEnabled")->as_bool(), false);  // hooks ran
  EXPECT_THAT(app_->NewClient().SignIn("new@example.com", "a long passphrase!"), IsOkJson());
  const std::string id = JsonString(made, "/user/id");
  EXPECT_EQ(Audits("admin.create_user", id), 1);
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'user.sign_up'"), 1);  // root's own only
  EXPECT_THAT(
      admin.Post("/api/auth/admin/create-user",
                 R"({"email":"new@example.com","password":"a long passphrase!","name":"N"})"),
      HasError(400, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"));
  EXPECT_THAT(admin.Post("/api/auth/admin/create-user",
                         R"({"email":"short@example.com","password":"short","name":"S"})"),
              HasError(400, "PASSWORD_TOO_SHORT"));
  EXPECT_THAT(admin.Post("/api/auth/admin/create-user", R"({"email":"not an address","name":"S"})"),
              HasError(400, "INVALID_EMAIL"));
  EXPECT_THAT(admin.Post("/api/auth/admin/create-user",
                         R"({"email":"r@example.com","name":"R","role":"emperor"})"),
              HasError(400, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE"));
  EXPECT_THAT(admin.Post("/api/auth/admin/create-user", R"({"name":"R"})"),
              HasError(400, "VALIDATION_ERROR"));
  // Without a password: a user who signs in another way.
  http::Response bare =
      admin.Post("/api/auth/admin/create-user", R"({"email":"bare@example.com","name":"Bare"})");
  ASSERT_THAT(bare, IsOkJson());
  EXPECT_EQ(app_->Count("accounts", "user_id = '" + JsonString(bare, "/user/id") + "'"), 0);
}

TEST_F(ManageTest, UpdateUserChecksInBetterAuthsOrder) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string id = ada.user_id();
  const std::string path = "/api/auth/admin/update-user";
  EXPECT_THAT(admin.Post(path, Body(id, R"("data":{})")), HasError(400, "NO_DATA_TO_UPDATE"));
  EXPECT_THAT(admin.Post(path, Body(id, R"("data":{"password":"x"})")),
              HasError(400, "PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER"));
  EXPECT_THAT(admin.Post(path, Body(id, R"("data":{"id":"x"})")),
              HasError(400, "USER_ID_CANNOT_BE_UPDATED"));
  EXPECT_THAT(admin.Post(path, Body(admin.user_id(), R"("data":{"banned":true})")),
              HasError(400, "YOU_CANNOT_BAN_YOURSELF"));
  EXPECT_THAT(admin.Post(path, Body("nobody", R"("data":{"name":"X"})")),
              HasError(404, "USER_NOT_FOUND"));
  EXPECT_THAT(admin.Post(path, Body(admin.user_id(), R"("data":{"role":"user"})")),
              HasError(400, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN"));
  http::Response updated = admin.Post(
      path, Body(id, R"("data":{"name":"Ada L.","email":"ada@lovelace.org","role":"support"})"));
  ASSERT_THAT(updated, IsOkJson());
  EXPECT_EQ(JsonString(updated, "/name"), "Ada L.");  // the bare user, as Better Auth
  EXPECT_EQ(JsonString(updated, "/email"), "ada@lovelace.org");
  EXPECT_EQ(JsonString(updated, "/role"), "support");
  EXPECT_EQ(Audits("admin.update_user", id), 1);
  EXPECT_EQ(JsonString(ada.Get("/api/auth/get-session"), "/user/name"), "Ada L.");
  // Banning through update-user ends the sessions as ban-user does.
  ASSERT_THAT(admin.Post(path, Body(id, R"("data":{"banned":true,"banReason":"spam"})")),
              IsOkJson());
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");
}

TEST_F(ManageTest, UsersCannotSetAdminFieldsThroughTheirOwnUpdateUser) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  for (std::string_view body : {R"({"role":"admin"})", R"({"name":"A","banned":true})",
                                R"({"banReason":"x"})", R"({"banExpires":123})"}) {
    EXPECT_THAT(ada.Post("/api/auth/update-user", body), HasError(400, "FIELD_NOT_ALLOWED"))
        << body;
  }
  EXPECT_EQ(JsonString(ada.Get("/api/auth/get-session"), "/user/role"), "user");
  // A falsy value is ignored, as Better Auth does.
  EXPECT_THAT(ada.Post("/api/auth/update-user", R"({"name":"Ada","banned":false})"), IsOkJson());
}

TEST_F(ManageTest, SetUserPasswordReplacesItAndEndsTheSessions) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string path = "/api/auth/admin/set-user-password";
  EXPECT_THAT(admin.Post(path, Body(ada.user_id(), R"("newPassword":"short")")),
              HasError(400, "PASSWORD_TOO_SHORT"));
  EXPECT_THAT(admin.Post(path, Body("nobody", R"("newPassword":"a long passphrase!")")),
              HasError(404, "USER_NOT_FOUND"));
  http::Response set = admin.Post(path, Body(ada.user_id(), R"("newPassword":"a new passphrase")"));
  ASSERT_THAT(set, IsOkJson());
  EXPECT_EQ(set.body, R"({"status":true})");
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");
  EXPECT_THAT(app_->NewClient().SignIn("ada@example.com", kPassword),
              HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_THAT(app_->NewClient().SignIn("ada@example.com", "a new passphrase"), IsOkJson());
  EXPECT_EQ(Audits("admin.set_password", ada.user_id()), 1);
}

TEST_F(ManageTest, RemoveUserDeletesEverythingButNotYourself) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string path = "/api/auth/admin/remove-user";
  EXPECT_THAT(admin.Post(path, Body(admin.user_id())), HasError(400, "YOU_CANNOT_REMOVE_YOURSELF"));
  http::Response removed = admin.Post(path, Body(ada.user_id()));
  ASSERT_THAT(removed, IsOkJson());
  EXPECT_EQ(removed.body, R"({"success":true})");
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");
  EXPECT_EQ(app_->Count("users", "email = 'ada@example.com'"), 0);
  EXPECT_EQ(app_->Count("sessions", "user_id = '" + ada.user_id() + "'"), 0);
  EXPECT_EQ(Audits("admin.remove_user", ada.user_id()), 1);
  EXPECT_THAT(admin.Post(path, Body(ada.user_id())), HasError(404, "USER_NOT_FOUND"));
}

TEST_F(ManageTest, ListAndRevokeAUsersSessions) {
  Client support = UserWithRole("help@example.com", "support");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client laptop = app_->NewClient();
  ASSERT_THAT(laptop.SignIn("ada@example.com", kPassword), IsOkJson());
  http::Response listed = support.Post("/api/auth/admin/list-user-sessions", Body(ada.user_id()));
  ASSERT_THAT(listed, IsOkJson());
  const boost::json::value json = Json(listed);
  const auto& sessions = json.at("sessions").as_array();
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_THAT(support.Post("/api/auth/admin/list-user-sessions", Body("nobody")),
              HasError(404, "USER_NOT_FOUND"));
  // The handle list-user-sessions gives revokes that session only.
  const std::string laptop_id = JsonString(laptop.Get("/api/auth/get-session"), "/session/id");
  ASSERT_THAT(support.Post("/api/auth/admin/revoke-user-session",
                           R"({"sessionToken":")" + laptop_id + "\"}"),
              IsOkJson());
  EXPECT_EQ(laptop.Get("/api/auth/get-session").body, "null");
  EXPECT_NE(ada.Get("/api/auth/get-session").body, "null");
  ASSERT_THAT(support.Post("/api/auth/admin/revoke-user-sessions", Body(ada.user_id())),
              IsOkJson());
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");
  EXPECT_EQ(Audits("admin.revoke_sessions", ada.user_id()), 2);
}

TEST_F(ManageTest, UnlockUserLiftsTheLockout) {
  Client support = UserWithRole("help@example.com", "support");
  const std::string id = app_->SignUp("ada@example.com", kPassword, "Ada").user_id();
  Client stranger = app_->NewClient();
  for (int i = 0; i < 5; ++i) stranger.SignIn("ada@example.com", "wrong password!");
  EXPECT_THAT(stranger.SignIn("ada@example.com", kPassword),
              HasError(429, "ACCOUNT_TEMPORARILY_LOCKED"));
  ASSERT_THAT(support.Post("/api/auth/admin/unlock-user", Body(id)), IsOkJson());
  EXPECT_THAT(stranger.SignIn("ada@example.com", kPassword), IsOkJson());
  EXPECT_EQ(Audits("admin.unlock", id), 1);
}

TEST_F(ManageTest, ResetTwoFactorTurnsItOffAndMailsTheUser) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  auto done = store::InTransaction(app_->store(), [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(
        tx.Exec("INSERT INTO two_factors (user_id, enabled, created_at, updated_at) "
                "VALUES (?, 1, 0, 0)",
                {ada.user_id()}));
    return {};
  });
  ASSERT_TRUE(done.has_value());
  ASSERT_THAT(admin.Post("/api/auth/admin/reset-two-factor", Body(ada.user_id())), IsOkJson());
  EXPECT_EQ(app_->Count("two_factors", "user_id = '" + ada.user_id() + "'"), 0);
  EXPECT_EQ(JsonAt(Json(ada.Get("/api/auth/get-session")), "/user/twoFactorEnabled")->as_bool(),
            false);
  auto mail = app_->LastMailTo("ada@example.com");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(Audits("admin.reset_two_factor", ada.user_id()), 1);
  EXPECT_THAT(admin.Post("/api/auth/admin/reset-two-factor", Body("nobody")),
              HasError(404, "USER_NOT_FOUND"));
}

TEST_F(ManageTest, ResendVerificationMailsUnverifiedUsersOnly) {
  Client support = UserWithRole("help@example.com", "support");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::size_t before = app_->Outbox().size();
  ASSERT_THAT(support.Post("/api/auth/admin/resend-verification", Body(ada.user_id())), IsOkJson());
  EXPECT_EQ(app_->Outbox().size(), before + 1);
  EXPECT_EQ(Audits("admin.resend_verification", ada.user_id()), 1);
  auto done = store::InTransaction(app_->store(), [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec("UPDATE users SET email_verified = 1 WHERE id = ?", {ada.user_id()}));
    return {};
  });
  ASSERT_TRUE(done.has_value());
  EXPECT_THAT(support.Post("/api/auth/admin/resend-verification", Body(ada.user_id())),
              HasError(400, "EMAIL_ALREADY_VERIFIED"));
  EXPECT_EQ(Audits("admin.resend_verification", ada.user_id()), 1);  // refusals change nothing
}

TEST(ManageOffTest, AnOperationNoFeatureOffersIs404) {
  auto app = latchkey::testing::TestApp::Start({.configure = [](Config& config) {
    config.Mutable<two_factor::TwoFactorSettings>().two_factor = false;
  }});
  Client admin = app->SignUp("root@example.com", kPassword, "Root");
  auto done = store::InTransaction(app->store(), [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec("INSERT INTO user_admin (user_id, role, updated_at) VALUES (?, 'admin', 0)",
                   {admin.user_id()}));
    return {};
  });
  ASSERT_TRUE(done.has_value());
  EXPECT_THAT(admin.Post("/api/auth/admin/reset-two-factor", Body(admin.user_id())),
              HasError(404, "ACCOUNT_OPERATION_UNAVAILABLE"));
}

}  // namespace
}  // namespace latchkey::admin
