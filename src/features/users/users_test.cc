// The users and accounts tables and the user JSON, as sign-up fills them,
// through the in-process app (src/testing/test_app.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::users {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasJsonString;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kPassword = "difference engine";

TEST(UsersTest, SignUpAnswersTheUserJson) {
  auto app = TestApp::Start();
  http::Response response = app->NewClient().SignUp("Charles@Example.com", kPassword, "Charles");
  ASSERT_THAT(response, IsOkJson());
  const std::string now = FormatIsoTime(app->clock().NowMs());
  EXPECT_THAT(response, HasJsonString("/user/email", "charles@example.com"));  // lower-cased
  EXPECT_THAT(response, HasJsonString("/user/name", "Charles"));
  EXPECT_THAT(response, HasJsonString("/user/createdAt", now));
  EXPECT_THAT(response, HasJsonString("/user/updatedAt", now));
  boost::json::value json = Json(response);
  ASSERT_NE(JsonAt(json, "/user/emailVerified"), nullptr);
  EXPECT_EQ(JsonAt(json, "/user/emailVerified")->as_bool(), false);
  ASSERT_NE(JsonAt(json, "/user/image"), nullptr);
  EXPECT_TRUE(JsonAt(json, "/user/image")->is_null());
  EXPECT_EQ(JsonAt(json, "/user/id")->as_string().size(), 32u);
  // Better Auth's seven fields and the plugins' (on by default, as the
  // peer's): twoFactorEnabled, role, banned, banReason, banExpires. Nothing
  // about the password leaks.
  ASSERT_NE(JsonAt(json, "/user/twoFactorEnabled"), nullptr);
  EXPECT_EQ(JsonAt(json, "/user/twoFactorEnabled")->as_bool(), false);
  EXPECT_EQ(JsonString(response, "/user/role"), "user");
  EXPECT_EQ(JsonAt(json, "/user")->as_object().size(), 12u);
}

TEST(UsersTest, StoresTheEmailLowerCased) {
  auto app = TestApp::Start();
  Client charles = app->SignUp("Charles@Example.com", kPassword);
  auto rows = app->Query("SELECT email, email_verified, created_at FROM users WHERE id = ?",
                         {charles.user_id()});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("email").value_or(""), "charles@example.com");
  EXPECT_EQ(rows[0].GetInt("email_verified").value_or(-1), 0);
  EXPECT_EQ(rows[0].GetInt("created_at").value_or(0), app->clock().NowMs());
}

// ASVS 2.4.1: the password is kept only as an Argon2id hash with the
// configured cost, in the credential account, never in the user row.
TEST(UsersTest, PasswordIsStoredOnlyAsAnArgon2idHash) {
  auto app = TestApp::Start();
  Client charles = app->SignUp("charles@example.com", kPassword);
  auto rows =
      app->Query("SELECT provider_id, account_id, password_hash FROM accounts WHERE user_id = ?",
                 {charles.user_id()});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("provider_id").value_or(""), "credential");
  EXPECT_EQ(rows[0].GetString("account_id").value_or(""), charles.user_id());
  const std::string hash = rows[0].GetString("password_hash").value_or("");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=1024,t=1,", 0), 0u) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
  EXPECT_EQ(app->Count("users", "name LIKE ? OR email LIKE ?",
                       {"%" + std::string(kPassword) + "%", "%" + std::string(kPassword) + "%"}),
            0);
}

TEST(UsersTest, EmailIsUniqueInTheTable) {
  auto app = TestApp::Start();
  app->SignUp("charles@example.com", kPassword);
  auto tx = app->store().Begin();
  ASSERT_TRUE(tx);
  auto inserted = (*tx)->Exec(
      "INSERT INTO users (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      {"other-id", "Other", "charles@example.com", app->clock().NowMs(), app->clock().NowMs()});
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().code, "STORE_CONFLICT");
}

// A user's accounts, sessions and tokens go with it (ON DELETE CASCADE).
TEST(UsersTest, DeletingAUserRowCascades) {
  auto app = TestApp::Start();
  Client charles = app->SignUp("charles@example.com", kPassword);
  ASSERT_THAT(charles.Post("/api/auth/refresh-token/issue", "{}"), IsOkJson());
  ASSERT_THAT(app->NewClient().PostJson("/api/auth/request-password-reset",
                                        {{"email", "charles@example.com"}}),
              IsOkJson());
  auto deleted = store::InTransaction(app->store(), [&](store::Transaction& tx) {
    return tx.Exec("DELETE FROM users WHERE id = ?", {charles.user_id()});
  });
  ASSERT_TRUE(deleted);
  EXPECT_EQ(*deleted, 1);
  for (const char* table : {"accounts", "sessions", "refresh_tokens", "verification_tokens"}) {
    EXPECT_EQ(app->Count(table, "user_id = ?", {charles.user_id()}), 0) << table;
  }
}

}  // namespace
}  // namespace latchkey::users
