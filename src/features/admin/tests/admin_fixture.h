// The admin tests' fixture: the in-process app (src/testing/test_app.h) and
// users holding a role.
#ifndef LK_FEATURES_ADMIN_TESTS_ADMIN_FIXTURE_H_
#define LK_FEATURES_ADMIN_TESTS_ADMIN_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "testing/test_app.h"

namespace latchkey::admin {

inline constexpr std::string_view kPassword = "analytical engine 1843";

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override { app_ = latchkey::testing::TestApp::Start(); }

  // A signed-in user holding `role` (set in the feature's table directly).
  latchkey::testing::Client UserWithRole(std::string_view email, std::string_view role) {
    latchkey::testing::Client client = app_->SignUp(email, kPassword, "Someone");
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

  std::unique_ptr<latchkey::testing::TestApp> app_;
};

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_TESTS_ADMIN_FIXTURE_H_
