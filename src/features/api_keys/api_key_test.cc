#include "features/api_keys/api_key.h"

#include <gtest/gtest.h>

#include <set>

#include "core/config.h"
#include "features/api_keys/routes/api_key_routes.h"
#include "features/sessions/routes/multi_session.h"
#include "features/sessions/routes/session_management.h"

namespace latchkey::api_keys {
namespace {

TEST(ApiKeyFormatTest, PrefixPlusSixtyFourLetters) {
  const std::string key = GenerateKey("lk_");
  ASSERT_EQ(key.size(), 3 + kKeyRandomLength);
  EXPECT_EQ(key.substr(0, 3), "lk_");
  for (char c : key.substr(3)) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) << c;
  EXPECT_EQ(KeyStart(key), key.substr(0, 6));
  EXPECT_EQ(GenerateKey("").size(), kKeyRandomLength);
}

TEST(ApiKeyFormatTest, KeysAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(GenerateKey("")).second);
}

TEST(ApiKeyFormatTest, PrefixRule) {
  EXPECT_TRUE(IsValidPrefix("ak_live-2"));
  for (std::string_view bad : {"", "a b", "a.b", "é", "a/b"})
    EXPECT_FALSE(IsValidPrefix(bad)) << bad;
}

TEST(ApiKeyPermissionsTest, ParseAndSerialize) {
  auto p = ParsePermissions(R"({"files":["read","write"],"users":[]})");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->at("files").size(), 2u);
  EXPECT_EQ(ParsePermissions(PermissionsJson(*p)), p);
  for (std::string_view bad : {"[]", "null", R"({"a":"read"})", R"({"a":[1]})", "{"}) {
    EXPECT_FALSE(ParsePermissions(bad)) << bad;
  }
}

TEST(ApiKeyPermissionsTest, EveryRequiredActionMustBeGranted) {
  const Permissions granted{{"files", {"read", "write"}}, {"users", {"list"}}};
  EXPECT_TRUE(PermissionsAllow(granted, {{"files", {"read"}}}));
  EXPECT_TRUE(PermissionsAllow(granted, {{"files", {"read", "write"}}, {"users", {"list"}}}));
  EXPECT_FALSE(PermissionsAllow(granted, {{"files", {"delete"}}}));
  EXPECT_FALSE(PermissionsAllow(granted, {{"files", {"read"}}, {"admin", {"read"}}}));
  EXPECT_TRUE(PermissionsAllow(granted, {}));
}

TEST(ApiKeyPermissionsTest, AdminAccessNeedsExplicitPermissions) {
  ApiKey key;
  const Permissions admin{{"user", {"ban"}}};
  EXPECT_FALSE(KeyMayAccess(key, admin)) << "no permissions stored";
  key.permissions = R"({"user":["list"]})";
  EXPECT_FALSE(KeyMayAccess(key, admin));
  EXPECT_FALSE(KeyMayAccess(key, {})) << "a route must name what it needs";
  key.permissions = R"({"user":["list","ban"]})";
  EXPECT_TRUE(KeyMayAccess(key, admin));
  key.permissions = "not json";
  EXPECT_FALSE(KeyMayAccess(key, admin));
}

// Issue 9 (ASVS 3.7.1): account management takes no key in place of a session.
TEST(ApiKeyRoutePolicyTest, AccountManagementRoutesRefuseKeys) {
  for (const http::RouteSpec* route :
       {&kCreateKeyRoute, &kUpdateKeyRoute, &kDeleteKeyRoute, &sessions::kListSessionsRoute,
        &sessions::kRevokeSessionRoute, &sessions::kRevokeSessionsRoute,
        &sessions::kRevokeOtherSessionsRoute, &sessions::kRevokeDeviceSessionRoute}) {
    EXPECT_TRUE(RouteRefusesKeys(*route)) << route->path;
  }
  for (const http::RouteSpec* route : {&kGetKeyRoute, &kListKeysRoute}) {
    EXPECT_FALSE(RouteRefusesKeys(*route)) << route->path;
  }
  EXPECT_FALSE(RouteRefusesKeys({.auth = http::Auth::kSession}));
  EXPECT_FALSE(RouteRefusesKeys({.auth = http::Auth::kPublic}));
}

// Better Auth's key session is created "now", so always fresh; latchkey's never is.
TEST(ApiKeyRoutePolicyTest, AKeySessionIsNeverFresh) {
  Config config;
  config.Mutable<sessions::SessionSettings>().session_fresh_age_s = 86400;
  FakeClock clock(1'700'000'000'000);
  auto store = store::Store::Open({.url = "sqlite::memory:"});
  ASSERT_TRUE(store) << store.error().detail;
  change_feed::ChangeFeed feed(**store);
  const sessions::SessionService sessions(config, clock, **store, feed);
  sessions::Session session;
  session.created_at = clock.NowMs();
  EXPECT_TRUE(sessions.RequireFresh(session));
  session.from_api_key = true;
  auto fresh = sessions.RequireFresh(session);
  ASSERT_FALSE(fresh);
  EXPECT_EQ(fresh.error().code, "SESSION_NOT_FRESH");
}

TEST(ApiKeyRoutePolicyTest, RoutePermissionsComeFromTheSpec) {
  EXPECT_TRUE(RoutePermissions({.auth = http::Auth::kSession}).empty());
  const Permissions read{{"apiKey", {"read"}}};
  EXPECT_EQ(RoutePermissions(kListKeysRoute), read);
  EXPECT_EQ(RoutePermissions(kGetKeyRoute), read);
  ApiKey key;
  EXPECT_FALSE(KeyMayAccess(key, RoutePermissions(kListKeysRoute))) << "no permissions stored";
  key.permissions = R"({"apiKey":["read"],"files":["write"]})";
  EXPECT_TRUE(KeyMayAccess(key, RoutePermissions(kListKeysRoute)));
  key.permissions = R"({"apiKey":["write"]})";
  EXPECT_FALSE(KeyMayAccess(key, RoutePermissions(kListKeysRoute)));
}

TEST(ApiKeyRefillTest, DueStrictlyAfterTheIntervalSinceLastRefillOrCreation) {
  ApiKey key;
  key.created_at = 1000;
  EXPECT_FALSE(RefillDue(key, 1'000'000)) << "no refill configured";
  key.refill_interval = 500;
  key.refill_amount = 3;
  EXPECT_FALSE(RefillDue(key, 1500));
  EXPECT_TRUE(RefillDue(key, 1501));
  key.last_refill_at = 2000;
  EXPECT_FALSE(RefillDue(key, 2500));
  EXPECT_TRUE(RefillDue(key, 2501));
  key.refill_amount = 0;  // zero means unset, as in Better Auth
  EXPECT_FALSE(RefillDue(key, 9999));
}

TEST(ApiKeyRateLimitTest, WindowArithmetic) {
  ApiKey key;
  key.rate_limit_time_window = 1000;
  key.rate_limit_max = 2;
  EXPECT_EQ(EvaluateRateLimit(key, 0).kind, RateLimitDecision::kStart);
  key.last_request = 10'000;
  key.request_count = 1;
  EXPECT_EQ(EvaluateRateLimit(key, 10'500).kind, RateLimitDecision::kIncrement);
  key.request_count = 2;
  auto deny = EvaluateRateLimit(key, 10'300);
  EXPECT_EQ(deny.kind, RateLimitDecision::kDeny);
  EXPECT_EQ(deny.try_again_in_ms, 700);
  EXPECT_EQ(EvaluateRateLimit(key, 11'000).kind, RateLimitDecision::kDeny) << "window is inclusive";
  EXPECT_EQ(EvaluateRateLimit(key, 11'001).kind, RateLimitDecision::kReset);
  key.rate_limit_enabled = false;
  EXPECT_EQ(EvaluateRateLimit(key, 10'300).kind, RateLimitDecision::kSkip);
}

TEST(ApiKeyRateLimitTest, BookkeepingOnlyWhenACounterIsOn) {
  ApiKey key;
  key.rate_limit_enabled = false;
  EXPECT_FALSE(NeedsBookkeeping(key));
  key.remaining = 0;
  EXPECT_TRUE(NeedsBookkeeping(key));
  key.remaining.reset();
  key.rate_limit_enabled = true;
  key.rate_limit_time_window = 1000;
  key.rate_limit_max = 5;
  EXPECT_TRUE(NeedsBookkeeping(key));
}

TEST(ApiKeyJsonTest, KeyOnlyWhenGiven) {
  ApiKey key;
  key.id = "k1";
  key.reference_id = "u1";
  key.permissions = R"({"a":["b"]})";
  const std::string plain = "secret";
  EXPECT_EQ(ApiKeyJson(key).find("\"key\""), std::string::npos);
  EXPECT_NE(ApiKeyJson(key, &plain).find(R"("key":"secret")"), std::string::npos);
  EXPECT_NE(ApiKeyJson(key).find(R"("permissions":{"a":["b"]})"), std::string::npos);
  EXPECT_NE(ApiKeyJson(key).find(R"("metadata":null)"), std::string::npos);
  EXPECT_NE(ApiKeyJson(key).find(R"("remaining":null)"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::api_keys
