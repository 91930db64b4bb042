// The audit API through the in-process app (src/testing/test_app.h): an
// admin reads and exports the trail; filters, keyset pages under concurrent
// inserts, malformed input, who may call, and the retention purge.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "features/admin/admin_settings.h"
#include "features/audit/audit_purge.h"
#include "features/audit/audit_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::audit {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::TestApp;

constexpr std::string_view kPassword = "difference engine 1822";
constexpr std::string_view kList = "/api/auth/admin/audit-events";
constexpr std::string_view kExport = "/api/auth/admin/audit-events/export";

struct Seed {
  std::string id;
  TimeMs at;
  std::string type;
  std::string outcome = "success";
  std::string user_id;
  std::string target;
  std::string address = "203.0.113.9";
  std::string details = "{}";
};

class AuditApiTest : public ::testing::Test {
 protected:
  void SetUp() override { Boot(); }

  void Boot(std::function<void(Config&)> more = {}) {
    app_ = TestApp::Start({.configure = [more](Config& c) {
      // The purge thread is tested on its own (PurgeDeletesOnlyPastRetention).
      c.Mutable<AuditSettings>().audit_retention_days = 0;
      if (more) more(c);
    }});
  }

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

  void Insert(const std::vector<Seed>& seeds) {
    auto done = store::InTransaction(app_->store(), [&](store::Transaction& tx) -> Result<void> {
      for (const Seed& s : seeds) {
        LK_TRY(tx.Exec(
            "INSERT INTO audit_events (id, created_at, event_type, outcome, user_id, "
            "client_address, details, target_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {s.id, s.at, s.type, s.outcome,
             s.user_id.empty() ? store::Value(nullptr) : store::Value(s.user_id), s.address,
             s.details, s.target.empty() ? store::Value(nullptr) : store::Value(s.target)}));
      }
      return {};
    });
    ASSERT_TRUE(done.has_value()) << done.error().detail;
  }

  // The ids of a page, in order.
  static std::vector<std::string> Ids(const http::Response& response) {
    std::vector<std::string> ids;
    const boost::json::value json = Json(response);
    if (!json.is_object() || !json.as_object().contains("events")) {
      ADD_FAILURE() << response.status << " " << response.body;
      return ids;
    }
    for (const auto& e : json.at("events").as_array()) {
      ids.emplace_back(e.at("id").as_string());
    }
    return ids;
  }
  static std::string NextCursor(const http::Response& response) {
    const boost::json::value json = Json(response);
    const auto& next = json.at("nextCursor");
    return next.is_null() ? "" : std::string(next.as_string());
  }

  // The whole streamed body, pulled as the server would.
  static std::string Drain(const http::Response& response) {
    std::string all, chunk;
    for (;;) {
      chunk.clear();
      http::BodyChunk step = response.producer(chunk);
      all += chunk;
      if (step != http::BodyChunk::kMore) {
        EXPECT_EQ(step, http::BodyChunk::kDone);
        return all;
      }
    }
  }

  std::unique_ptr<TestApp> app_;
};

// Seeds at 2025-06-01 and later; the app's own events (sign-ups) are at 2026-01-01.
constexpr TimeMs kT0 = 1748736000000;

TEST_F(AuditApiTest, FiltersCombineAndNewestComeFirst) {
  Client admin = UserWithRole("root@example.com", "admin");
  Insert({{"a1", kT0 + 1, "admin.ban_user", "success", "adm", "vic"},
          {"a2", kT0 + 2, "admin.set_role", "success", "adm", "other"},
          {"s1", kT0 + 3, "user.sign_in", "failure", "", "", "198.51.100.1"},
          {"s2", kT0 + 4, "user.sign_in", "success", "vic", "", "198.51.100.1"},
          {"s3", kT0 + 5, "user.sign_in_x", "success", "vic"}});
  auto ids = [&](std::string query) {
    return Ids(admin.Get(std::string(kList) + "?to=2025-12-31&" + query));
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{"s3", "s2", "s1", "a2", "a1"}));
  EXPECT_EQ(ids("type=user.sign_in"), (std::vector<std::string>{"s2", "s1"}));  // exact
  EXPECT_EQ(ids("type=admin."), (std::vector<std::string>{"a2", "a1"}));        // prefix
  EXPECT_EQ(ids("actor=vic"), (std::vector<std::string>{"s3", "s2"}));
  EXPECT_EQ(ids("target=vic"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(ids("outcome=failure"), (std::vector<std::string>{"s1"}));
  EXPECT_EQ(ids("address=198.51.100.1&outcome=success"), (std::vector<std::string>{"s2"}));
  EXPECT_EQ(Ids(admin.Get(std::string(kList) + "?from=" + std::to_string(kT0 + 2) +
                          "&to=" + std::to_string(kT0 + 4))),
            (std::vector<std::string>{"s1", "a2"}));  // [from, to)
  EXPECT_EQ(ids("from=2025-06-01T00:00:00.004Z"), (std::vector<std::string>{"s3", "s2"}));
  // The full shape of one event.
  http::Response one = admin.Get(std::string(kList) + "?type=admin.ban_user");
  ASSERT_THAT(one, IsOkJson());
  EXPECT_EQ(boost::json::serialize(Json(one).at("events").at(0)),
            R"({"id":"a1","type":"admin.ban_user","outcome":"success",)"
            R"("createdAt":"2025-06-01T00:00:00.001Z","userId":"adm","targetUserId":"vic",)"
            R"("sessionId":null,"clientAddress":"203.0.113.9","userAgent":null,)"
            R"("requestId":null,"details":{}})");
  EXPECT_TRUE(Json(one).at("nextCursor").is_null());
  EXPECT_EQ(one.no_store, true);
}

// Pages keyed on (created_at, id) neither skip nor repeat an event when
// others are recorded between two pages, ties on created_at included.
TEST_F(AuditApiTest, CursorPagesAreStableUnderConcurrentInserts) {
  Client admin = UserWithRole("root@example.com", "admin");
  std::vector<Seed> seeds;
  for (int i = 0; i < 25; ++i) {
    seeds.push_back({"e" + std::to_string(100 + i), kT0 + i / 3, "user.sign_in"});  // ties
  }
  Insert(seeds);
  const std::string base = std::string(kList) + "?type=user.sign_in&limit=10";
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    http::Response page = admin.Get(base + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_THAT(page, IsOkJson());
    for (const std::string& id : Ids(page)) seen.push_back(id);
    cursor = NextCursor(page);
    // Newer events (and one at the very instant of the last page) arrive.
    Insert({{"n" + std::to_string(pages), app_->clock().NowMs() + pages, "user.sign_in"}});
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25u + 0u + 0u) << "inserted events are newer than the first page";
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);
  EXPECT_EQ(seen.front(), "e124");
  EXPECT_EQ(seen.back(), "e100");
}

TEST_F(AuditApiTest, MalformedQueriesAre400WithTheirCode) {
  Client admin = UserWithRole("root@example.com", "admin");
  const std::pair<std::string, std::string> cases[] = {
      {"?limit=0", "INVALID_LIMIT"},
      {"?limit=501", "INVALID_LIMIT"},
      {"?limit=ten", "INVALID_LIMIT"},
      {"?limit=-1", "INVALID_LIMIT"},
      {"?limit=99999999999", "INVALID_LIMIT"},
      {"?cursor=%%%", "INVALID_CURSOR"},
      {"?cursor=bm9wZQ", "INVALID_CURSOR"},
      {"?from=tomorrow", "INVALID_FILTER"},
      {"?to=2026-01-01T00:00:00", "INVALID_FILTER"},
      {"?outcome=maybe", "INVALID_FILTER"},
      {"?type=%27%20OR%201%3D1", "INVALID_FILTER"},
      {"?actor=a%22b", "INVALID_FILTER"},
  };
  for (const auto& [query, code] : cases) {
    EXPECT_THAT(admin.Get(std::string(kList) + query), HasError(400, code)) << query;
  }
  EXPECT_THAT(admin.Get(std::string(kExport) + "?from=soon"), HasError(400, "INVALID_FILTER"));
  EXPECT_THAT(admin.Get(std::string(kList) + "?limit=500"), IsOkJson());
}

// ASVS 7.3.x (logs protected from unauthorised access): reading needs
// audit:read, exporting audit:export; support holds only the former.
TEST_F(AuditApiTest, OnlyHoldersOfTheAuditPermissionsGetIn) {
  Client user = UserWithRole("user@example.com", "user");
  Client support = UserWithRole("support@example.com", "support");
  EXPECT_THAT(app_->NewClient().Get(kList), HasError(401, "UNAUTHORIZED"));
  EXPECT_THAT(user.Get(kList), HasError(403, "YOU_ARE_NOT_ALLOWED"));
  EXPECT_THAT(user.Get(kExport), HasError(403, "YOU_ARE_NOT_ALLOWED"));
  EXPECT_THAT(support.Get(kList), IsOkJson());
  EXPECT_THAT(support.Get(kExport), HasError(403, "YOU_ARE_NOT_ALLOWED"));
}

TEST_F(AuditApiTest, ExportStreamsEveryMatchingRowAsCsvAndIsAudited) {
  Client admin = UserWithRole("root@example.com", "admin");
  std::vector<Seed> seeds;
  for (int i = 0; i < 2500; ++i) {  // more than two export pages
    seeds.push_back({"x" + std::to_string(10000 + i), kT0 + i, "user.sign_in", "success", "", "",
                     "203.0.113.9", i == 7 ? R"({"name":"=1+2"})" : "{}"});
  }
  seeds.push_back({"evil", kT0 + 5000, "user.update", "success", "", "", "-1+1"});
  Insert(seeds);
  http::Response response = admin.Get(std::string(kExport) + "?to=2025-12-31");
  ASSERT_EQ(response.status, 200);
  ASSERT_TRUE(response.producer);
  EXPECT_TRUE(response.HasHeader("content-disposition"));
  std::string csv = Drain(response);
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < csv.size();) {
    std::size_t end = csv.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos);
    lines.push_back(csv.substr(pos, end - pos));
    pos = end + 2;
  }
  ASSERT_EQ(lines.size(), 2502u);  // header + every row, once
  EXPECT_EQ(lines[0].rfind("id,created_at,type,", 0), 0u);
  EXPECT_EQ(lines[1], "evil,2025-06-01T00:00:05.000Z,user.update,success,,,,\"'-1+1\",,,{}");
  EXPECT_EQ(lines[2].rfind("x12499,", 0), 0u);
  EXPECT_EQ(lines.back().rfind("x10000,", 0), 0u);
  EXPECT_EQ(
      app_->Count("audit_events", "event_type = 'audit.export' AND user_id = ? AND details = ?",
                  {admin.user_id(), R"({"to":1767139200000})"}),
      1);
}

TEST_F(AuditApiTest, NoAdminFeatureNoRoutes) {
  Boot([](Config& c) { c.Mutable<admin::AdminSettings>().admin = false; });
  Client someone = app_->SignUp("someone@example.com", kPassword, "S");
  EXPECT_EQ(someone.Get(kList).status, 404);
  EXPECT_EQ(someone.Get(kExport).status, 404);
}

TEST_F(AuditApiTest, PurgeDeletesOnlyPastRetentionInBatches) {
  constexpr TimeMs kDay = 86'400'000;
  const TimeMs now = app_->clock().NowMs();
  std::vector<Seed> seeds;
  for (int i = 0; i < 25; ++i)
    seeds.push_back({"old" + std::to_string(i), now - 31 * kDay - i, "t"});
  seeds.push_back({"edge", now - 30 * kDay, "t"});  // exactly the retention: kept
  seeds.push_back({"new", now - kDay, "t"});
  Insert(seeds);
  Purger purger(app_->store(), app_->clock(), {.retention_days = 30, .batch = 10});
  EXPECT_EQ(purger.RunOnce(), 25);
  EXPECT_EQ(app_->Count("audit_events", "id LIKE 'old%'"), 0);
  EXPECT_EQ(app_->Count("audit_events", "id IN ('edge', 'new')"), 2);
  EXPECT_EQ(purger.RunOnce(), 0);
  app_->clock().Advance(kDay);
  EXPECT_EQ(purger.RunOnce(), 1);  // edge is past it now
}

}  // namespace
}  // namespace latchkey::audit
