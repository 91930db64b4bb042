// The audit trail as the features write it, seen through the in-process app
// (src/testing/test_app.h): one row per security-relevant action, success or
// failure, with who, from where and which request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "features/account/account_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::audit {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "margaret@example.com";
constexpr std::string_view kPassword = "apollo guidance 1969";

struct AuditRow {
  std::string type, outcome, user_id, session_id, client, agent, request_id, details;
  TimeMs created_at = 0;
};

std::vector<AuditRow> Events(TestApp& app, std::string_view type) {
  std::vector<AuditRow> out;
  for (const store::Row& row :
       app.Query("SELECT event_type, outcome, user_id, session_id, client_address, user_agent, "
                 "request_id, details, created_at FROM audit_events WHERE event_type = ? "
                 "ORDER BY created_at, rowid",
                 {std::string(type)})) {
    out.push_back({row.GetString("event_type").value_or(""), row.GetString("outcome").value_or(""),
                   row.GetNullableString("user_id").value_or(std::nullopt).value_or(""),
                   row.GetNullableString("session_id").value_or(std::nullopt).value_or(""),
                   row.GetNullableString("client_address").value_or(std::nullopt).value_or(""),
                   row.GetNullableString("user_agent").value_or(std::nullopt).value_or(""),
                   row.GetNullableString("request_id").value_or(std::nullopt).value_or(""),
                   row.GetString("details").value_or(""), row.GetInt("created_at").value_or(0)});
  }
  return out;
}

// ASVS 7.1.3, 7.1.4: who, when, from where, and the request to correlate.
TEST(AuditTest, SignUpRecordsWhoWhenAndFromWhere) {
  auto app = TestApp::Start();
  app->clock().Advance(1234);
  Client client = app->NewClient("198.51.100.7");
  http::Request request;
  request.method = http::Method::kPost;
  request.target = "/api/auth/sign-up/email";
  request.headers = {{"origin", app->config().base_url},
                     {"content-type", "application/json"},
                     {"user-agent", "AuditTest/1.0"}};
  request.body = R"({"email":"margaret@example.com","password":"apollo guidance 1969","name":"M"})";
  request.request_id = "req-audit-1";
  ASSERT_THAT(client.Send(request), IsOkJson());
  auto events = Events(*app, "user.sign_up");
  ASSERT_EQ(events.size(), 1u);
  const AuditRow& e = events[0];
  EXPECT_EQ(e.outcome, "success");
  EXPECT_FALSE(e.user_id.empty());
  EXPECT_FALSE(e.session_id.empty());
  EXPECT_EQ(e.client, "198.51.100.7");
  EXPECT_EQ(e.agent, "AuditTest/1.0");
  EXPECT_EQ(e.request_id, "req-audit-1");
  EXPECT_EQ(e.created_at, app->clock().NowMs());
  EXPECT_EQ(app->Count("sessions", "id = ?", {e.session_id}), 1);
}

// ASVS 7.1.1: failures are recorded, and never with the password tried.
TEST(AuditTest, FailedSignInIsRecordedWithoutThePassword) {
  auto app = TestApp::Start();
  Client owner = app->SignUp(kEmail, kPassword);
  const std::string guess = "guess-9f8e7d6c5b4a";
  EXPECT_THAT(app->NewClient().SignIn(kEmail, guess), HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  EXPECT_THAT(app->NewClient().SignIn("ghost@example.com", guess),
              HasError(401, "INVALID_EMAIL_OR_PASSWORD"));
  auto events = Events(*app, "user.sign_in");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].outcome, "failure");
  EXPECT_EQ(events[0].user_id, owner.user_id());
  EXPECT_EQ(events[0].details, R"({"reason":"wrong_password"})");
  EXPECT_EQ(events[1].user_id, "");  // no such user: NULL, not a guessable id
  EXPECT_EQ(events[1].details, R"({"reason":"unknown_email"})");
  EXPECT_EQ(app->Count("audit_events", "details LIKE ? OR user_agent LIKE ?",
                       {"%" + guess + "%", "%" + guess + "%"}),
            0);
  EXPECT_EQ(app->Count("audit_events", "details LIKE ?", {"%" + std::string(kPassword) + "%"}), 0);
}

// A successful action and its event commit together; a rolled-back action
// leaves only the failure event.
TEST(AuditTest, EachStateChangeWritesExactlyOneEvent) {
  auto app = TestApp::Start();
  Client owner = app->SignUp(kEmail, kPassword);
  ASSERT_THAT(owner.Post("/api/auth/update-user", R"({"name":"Margaret"})"), IsOkJson());
  ASSERT_THAT(app->NewClient().SignIn(kEmail, kPassword), IsOkJson());
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.update'"), 1);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.sign_in' AND outcome = 'success'"), 1);
  EXPECT_EQ(app->Count("audit_events", "event_type = 'user.sign_up'"), 1);
  EXPECT_EQ(app->Count("audit_events", "user_id = ?", {owner.user_id()}), 3);
}

// The trail outlives the account: deleting a user keeps its events.
TEST(AuditTest, EventsSurviveTheUsersDeletion) {
  auto app = TestApp::Start({.configure = [](Config& c) {
    c.Mutable<account::AccountSettings>().delete_user_enabled = true;
  }});
  Client owner = app->SignUp(kEmail, kPassword);
  ASSERT_THAT(owner.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}}),
              IsOkJson());
  EXPECT_EQ(app->Count("users"), 0);
  EXPECT_EQ(app->Count("audit_events", "user_id = ?", {owner.user_id()}), 2);
  EXPECT_EQ(Events(*app, "user.delete").size(), 1u);
}

}  // namespace
}  // namespace latchkey::audit
