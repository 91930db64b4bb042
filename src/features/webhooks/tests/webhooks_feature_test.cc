// The webhooks feature in the in-process app: a security event enqueues a
// delivery in the audit event's transaction (nothing for other events), and
// the app's worker refuses a loopback endpoint without
// webhooks_allow_private (SSRF, CWE-918), backs off, ends it dead, and
// purges it after the retention.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "features/webhooks/webhook_settings.h"
#include "testing/test_app.h"

namespace latchkey::webhooks {
namespace {

constexpr std::string_view kPassword = "correct horse battery";
constexpr std::string_view kSpec =
    "url=http://127.0.0.1:9/hook secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::unique_ptr<testing::TestApp> StartApp() {
  return testing::TestApp::Start({.configure = [](Config& config) {
    auto& s = config.Mutable<WebhookSettings>();
    s.webhooks = std::string(kSpec);
    s.endpoints = ParseEndpoints(kSpec).value();
    s.webhooks_max_attempts = 2;
    s.webhooks_backoff_ms = 1000;
    s.webhooks_poll_ms = 10;
  }});
}

// The app's own worker runs in the background: waits (real time, at most
// 5 s) until the one delivery has made `attempts` attempts.
store::Row AfterAttempts(testing::TestApp& app, std::int64_t attempts);

std::vector<store::Row> Rows(testing::TestApp& app) {
  return app.store()
      .QueryOnce(
          "SELECT event_type, payload, status, attempts, last_error, next_attempt_at "
          "FROM webhook_deliveries")
      .value();
}

store::Row AfterAttempts(testing::TestApp& app, std::int64_t attempts) {
  for (int i = 0; i < 500; ++i) {
    auto rows = Rows(app);
    if (rows.size() == 1 && rows[0].GetInt("attempts").value() >= attempts) return rows[0];
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "no attempt " << attempts;
  return Rows(app).at(0);
}

TEST(WebhooksFeatureTest, PasswordChangeIsQueuedThenRefusedOnLoopbackAndDead) {
  auto app = StartApp();
  testing::Client user = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_TRUE(Rows(*app).empty()) << "a sign-up is not a security webhook";
  http::Response changed = user.Post(
      "/api/auth/change-password",
      R"({"currentPassword":"correct horse battery","newPassword":"another horse battery"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto rows = Rows(*app);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].GetString("event_type").value(), "user.password_changed");
  const std::string payload = rows[0].GetString("payload").value();
  EXPECT_NE(payload.find(R"("type":"user.password_changed")"), std::string::npos);
  EXPECT_EQ(payload.find("horse"), std::string::npos) << "no password in a payload";

  const std::int64_t now = app->clock().NowMs();
  store::Row row = AfterAttempts(*app, 1);
  EXPECT_EQ(row.GetString("status").value(), "pending");
  EXPECT_EQ(row.GetNullableString("last_error").value(), "OUTBOUND_ADDRESS_REFUSED");
  EXPECT_EQ(row.GetInt("next_attempt_at").value(), now + 1000) << "the backoff";
  app->clock().Advance(1000);
  row = AfterAttempts(*app, 2);
  EXPECT_EQ(row.GetString("status").value(), "dead");
  // webhooks_retention_days (30) later the worker's purge deletes it.
  app->clock().Advance(std::int64_t{31} * 24 * 3600 * 1000);
  for (int i = 0; i < 500 && !Rows(*app).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(Rows(*app).empty());
}

}  // namespace
}  // namespace latchkey::webhooks
