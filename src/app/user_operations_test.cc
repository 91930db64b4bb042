// The `latchkey user` operations and the first admin, in process
// (src/testing/test_app.h): the API's rules (the last admin, a ban ends every
// session), the CLI as the audit actor, and a bootstrap that creates once
// and never promotes someone else's account (docs/operations.md).
#include "app/user_operations.h"

#include <gtest/gtest.h>

#include "app/first_admin.h"
#include "features/admin/admin_settings.h"
#include "testing/test_app.h"

namespace latchkey::app {
namespace {

using ::latchkey::testing::TestApp;

constexpr std::string_view kPassword = "analytical engine 1843";

class UserOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(std::function<void(Config&)> configure) {
    ops_.reset();
    app_ = TestApp::Start({.configure = std::move(configure)});
    ops_ = std::make_unique<UserOperations>(app_->application(), "cli");
    ASSERT_TRUE(ops_->Init().has_value());
  }

  std::string RoleOf(std::string_view email) {
    auto rows = app_->Query(
        "SELECT a.role AS role FROM user_admin a JOIN users u ON u.id = a.user_id "
        "WHERE u.email = ?",
        {std::string(email)});
    return rows.empty() ? "user" : rows.front().GetString("role").value_or("");
  }

  std::unique_ptr<TestApp> app_;
  std::unique_ptr<UserOperations> ops_;
};

TEST_F(UserOperationsTest, CreateThenPromoteWithTheCliAsAuditActor) {
  auto created = ops_->CreateUser(
      {.email = "Ada@Example.com", .password = std::string(kPassword), .name = "Ada"});
  ASSERT_TRUE(created.has_value()) << Describe(created.error());
  EXPECT_EQ(*created, UserOperations::Created::kCreated);
  EXPECT_EQ(RoleOf("ada@example.com"), "user");
  app_->SignIn("ada@example.com", kPassword);  // the server's hasher verifies it

  auto again = ops_->CreateUser(
      {.email = "ada@example.com", .password = std::string(kPassword), .name = "Ada"});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");

  auto promoted = ops_->CreateUser(
      {.email = "ada@example.com", .password = "difference engine 1822", .admin = true});
  ASSERT_TRUE(promoted.has_value()) << Describe(promoted.error());
  EXPECT_EQ(*promoted, UserOperations::Created::kPromoted);
  EXPECT_EQ(RoleOf("ada@example.com"), "admin");

  EXPECT_EQ(app_->Count("audit_events",
                        "user_id IS NULL AND client_address = 'cli' AND target_user_id IS NOT "
                        "NULL AND details LIKE '%\"via\":\"cli\"%'"),
            2);
}

TEST_F(UserOperationsTest, PasswordPolicyAndEmailAreChecked) {
  auto short_one = ops_->CreateUser({.email = "b@example.com", .password = "short", .name = "B"});
  ASSERT_FALSE(short_one.has_value());
  EXPECT_EQ(short_one.error().code, "PASSWORD_TOO_SHORT");
  auto bad =
      ops_->CreateUser({.email = "not-an-email", .password = std::string(kPassword), .name = "B"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(app_->Count("users"), 0);
}

TEST_F(UserOperationsTest, TheLastAdminKeepsTheRoleAndTheAccount) {
  ASSERT_TRUE(ops_->CreateUser({.email = "root@example.com",
                                .password = std::string(kPassword),
                                .name = "Root",
                                .admin = true})
                  .has_value());
  auto demoted = ops_->SetRole("root@example.com", "user");
  ASSERT_FALSE(demoted.has_value());
  EXPECT_EQ(demoted.error().code, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN");
  auto deleted = ops_->Delete("root@example.com");
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN");
  auto unknown = ops_->SetRole("root@example.com", "admin,emperor");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE");

  ASSERT_TRUE(ops_->CreateUser({.email = "second@example.com",
                                .password = std::string(kPassword),
                                .name = "Second",
                                .admin = true})
                  .has_value());
  EXPECT_TRUE(ops_->SetRole("root@example.com", "support").has_value());
  EXPECT_EQ(RoleOf("root@example.com"), "support");
}

TEST_F(UserOperationsTest, BanEndsEverySessionAndDeleteRemovesTheUser) {
  testing::Client client = app_->SignUp("eve@example.com", kPassword, "Eve");
  app_->SignIn("eve@example.com", kPassword);
  ASSERT_EQ(app_->Count("sessions", "user_id = ?", {client.user_id()}), 2);
  auto ended = ops_->Ban("eve@example.com", "spam", 3600);
  ASSERT_TRUE(ended.has_value()) << Describe(ended.error());
  EXPECT_EQ(*ended, 2);
  EXPECT_EQ(app_->Count("sessions", "user_id = ?", {client.user_id()}), 0);
  ASSERT_TRUE(ops_->Unban("eve@example.com").has_value());
  ASSERT_TRUE(ops_->Delete("eve@example.com").has_value());
  EXPECT_EQ(app_->Count("users"), 0);
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'admin.remove_user' AND user_id IS NULL"), 1);
  auto gone = ops_->Unban("eve@example.com");
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().code, "USER_NOT_FOUND");
}

void FirstAdmin(Config& config) {
  config.Mutable<admin::AdminSettings>().admin_email = "root@example.com";
  config.Mutable<admin::AdminSettings>().admin_password = std::string(kPassword);
}

TEST_F(UserOperationsTest, FirstAdminIsCreatedOnce) {
  Start(FirstAdmin);
  ASSERT_TRUE(EnsureFirstAdmin(app_->application()).has_value());
  ASSERT_TRUE(EnsureFirstAdmin(app_->application()).has_value());
  EXPECT_EQ(app_->Count("users", "email = 'root@example.com' AND email_verified = 1"), 1);
  EXPECT_EQ(RoleOf("root@example.com"), "admin");
  EXPECT_EQ(app_->Count("audit_events", "details LIKE '%\"via\":\"admin_email\"%'"), 1);
}

TEST_F(UserOperationsTest, FirstAdminNeverPromotesAnExistingAccount) {
  Start(FirstAdmin);
  app_->SignUp("root@example.com", "someone else's password", "Squatter");
  ASSERT_TRUE(EnsureFirstAdmin(app_->application()).has_value());
  EXPECT_EQ(RoleOf("root@example.com"), "user");
  EXPECT_EQ(ops_->CountAdmins().value_or(-1), 0);
}

TEST_F(UserOperationsTest, FirstAdminWithAWeakPasswordStopsTheStart) {
  Start([](Config& config) {
    FirstAdmin(config);
    config.Mutable<admin::AdminSettings>().admin_password = "short";
  });
  EXPECT_FALSE(EnsureFirstAdmin(app_->application()).has_value());
  EXPECT_EQ(app_->Count("users"), 0);
}

}  // namespace
}  // namespace latchkey::app
