// The plans feature on the in-process app (docs/plans.md): the count limit
// refuses inside the create transaction, a usage record counts once, the
// warning mails go once per level, and the month turns in UTC on the fake
// clock. Off by default: no route, no session field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "features/api_keys/api_key_settings.h"
#include "features/plans/plan_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::plans {
namespace {

using testing::HasError;
using testing::IsOkJson;
using testing::JsonString;

constexpr std::string_view kPassword = "correct horse battery";
constexpr TimeMs kDecember30 = 1798588800000;  // 2026-12-30T00:00:00Z
constexpr TimeMs kDayMs = 86400000;

std::unique_ptr<testing::TestApp> StartWithPlans() {
  return testing::TestApp::Start({.configure =
                                      [](Config& config) {
                                        auto& keys = config.Mutable<api_keys::ApiKeySettings>();
                                        keys.api_key_session = true;
                                        keys.api_key_rate_limit_enabled = false;
                                        auto& plans = config.Mutable<PlanSettings>();
                                        plans.plans_enabled = true;
                                        plans.keys["free"].limits["api_keys"] = "1";
                                        plans.keys["free"].limits["spend_cents_per_month"] = "10";
                                      },
                                  .start_ms = kDecember30});
}

// The service's key, granted usage:record as an operator would.
std::string MeterKey(testing::TestApp& app) {
  testing::Client service = app.SignUp("meter@example.com", kPassword, "Meter");
  http::Response created = service.Post("/api/auth/api-key/create", R"({"name":"meter"})");
  EXPECT_THAT(created, IsOkJson());
  const std::string id = JsonString(created, "/id");
  EXPECT_TRUE(store::InTransaction(app.store(), [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec("UPDATE api_keys SET permissions = ? WHERE id = ?",
                   {std::string(R"({"usage":["record"]})"), id}));
    return {};
  }));
  return JsonString(created, "/key");
}

http::Response Record(testing::TestApp& app, const std::string& key, const std::string& user,
                      int quantity, const std::string& idempotency_key) {
  testing::Client client = app.NewClient();
  return client.Post("/api/auth/usage",
                     R"({"userId":")" + user + R"(","meter":"spend_cents","quantity":)" +
                         std::to_string(quantity) + R"(,"idempotencyKey":")" + idempotency_key +
                         "\"}",
                     {{"x-api-key", key}});
}

TEST(PlansFeatureTest, OffByDefault) {
  auto app = testing::TestApp::Start();
  testing::Client ada = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_EQ(ada.Get("/api/auth/plan").status, 404);
  EXPECT_EQ(ada.Get("/api/auth/get-session").body.find("\"capped\""), std::string::npos);
}

TEST(PlansFeatureTest, TheCountLimitRefusesInsideTheCreateTransaction) {
  auto app = StartWithPlans();
  testing::Client ada = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_THAT(ada.Post("/api/auth/api-key/create", R"({"name":"one"})"), IsOkJson());
  EXPECT_THAT(ada.Post("/api/auth/api-key/create", R"({"name":"two"})"),
              HasError(402, "PLAN_LIMIT_REACHED"));
  EXPECT_EQ(app->Count("api_keys", "reference_id = ?", {ada.user_id()}), 1);
  EXPECT_EQ(
      app->Count("audit_events", "event_type = 'api_key.create' AND user_id = ?", {ada.user_id()}),
      1);
}

TEST(PlansFeatureTest, ARecordCountsOnceAndTheMailsGoOncePerLevel) {
  auto app = StartWithPlans();
  const std::string key = MeterKey(*app);
  testing::Client ada = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_THAT(Record(*app, key, ada.user_id(), 8, "a"), IsOkJson());  // 80 %
  http::Response retry = Record(*app, key, ada.user_id(), 8, "a");
  EXPECT_THAT(retry, IsOkJson());
  EXPECT_NE(retry.body.find("\"used\":8"), std::string::npos) << retry.body;
  EXPECT_THAT(Record(*app, key, ada.user_id(), 5, "b"), IsOkJson());  // 13: over by one record
  EXPECT_THAT(Record(*app, key, ada.user_id(), 1, "c"), HasError(402, "SPEND_CAP_REACHED"));
  int warnings = 0;
  for (const auto& mail : app->Outbox()) {
    if (mail.to == "ada@example.com" && mail.subject.find("cap") != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, 2);
  EXPECT_NE(ada.Get("/api/auth/get-session").body.find("\"capped\":true"), std::string::npos);
}

// Months are UTC: two days on, it is January and the counter starts again.
TEST(PlansFeatureTest, TheMonthTurnsInUtc) {
  auto app = StartWithPlans();
  const std::string key = MeterKey(*app);
  testing::Client ada = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_THAT(Record(*app, key, ada.user_id(), 10, "dec"), IsOkJson());
  EXPECT_THAT(Record(*app, key, ada.user_id(), 1, "dec-2"), HasError(402, "SPEND_CAP_REACHED"));
  app->clock().Advance(2 * kDayMs);
  http::Response january = Record(*app, key, ada.user_id(), 1, "jan");
  EXPECT_THAT(january, IsOkJson());
  EXPECT_EQ(JsonString(january, "/month"), "2027-01");
  EXPECT_NE(january.body.find("\"used\":1"), std::string::npos) << january.body;
}

}  // namespace
}  // namespace latchkey::plans
