#include "features/abuse/limits/request_limits.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "features/abuse/limits/client_address.h"
#include "features/abuse/limits/memory_rate_limiter.h"

namespace latchkey::abuse {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;

// Every default rule: `max` requests pass, the next is refused with a
// Retry-After, and one window later the full budget is back.
TEST(RequestLimitsTest, EachDefaultRuleLimitsAndResetsAfterItsWindow) {
  const RuleTable rules = RuleTable::Defaults();
  const struct {
    std::string_view path;
    int max;
    std::int64_t window_ms;
  } cases[] = {
      {"/sign-in/email", 3, 10'000},
      {"/sign-up/email", 3, 10'000},
      {"/change-password", 3, 10'000},
      {"/change-email", 3, 10'000},
      {"/two-factor/verify-totp", 3, 10'000},
      {"/reset-password", 3, 10'000},
      {"/request-password-reset", 3, 60'000},
      {"/send-verification-email", 3, 60'000},
      {"/forget-password", 3, 60'000},
      {"/email-otp/send-verification-otp", 3, 60'000},
      {"/email-otp/request-password-reset", 3, 60'000},
      {"/get-session", 100, 10'000},  // the global rule alone
  };
  for (const auto& c : cases) {
    MemoryRateLimiter limiter;
    for (int i = 0; i < c.max; ++i) {
      ASSERT_TRUE(CheckRequestLimits(limiter, rules, "192.0.2.1", c.path, "", kT0).allowed)
          << c.path << " #" << i;
    }
    const Decision denied = CheckRequestLimits(limiter, rules, "192.0.2.1", c.path, "", kT0 + 1);
    EXPECT_FALSE(denied.allowed) << c.path;
    EXPECT_EQ(denied.limit, c.max) << c.path;
    EXPECT_GT(denied.retry_after_ms, 0) << c.path;
    EXPECT_LE(denied.retry_after_ms, c.window_ms) << c.path;
    // Another client is unaffected.
    EXPECT_TRUE(CheckRequestLimits(limiter, rules, "192.0.2.2", c.path, "", kT0 + 1).allowed);
    const std::int64_t later = kT0 + c.window_ms + 1;
    for (int i = 0; i < c.max; ++i) {
      ASSERT_TRUE(CheckRequestLimits(limiter, rules, "192.0.2.1", c.path, "", later).allowed)
          << c.path << " after window #" << i;
    }
  }
}

// The global budget is per address across all paths: spreading requests over
// routes does not multiply it.
TEST(RequestLimitsTest, GlobalBudgetIsSharedAcrossPaths) {
  const RuleTable rules = RuleTable::Defaults();
  MemoryRateLimiter limiter;
  for (int i = 0; i < 100; ++i) {
    const std::string path = "/route-" + std::to_string(i);
    ASSERT_TRUE(CheckRequestLimits(limiter, rules, "192.0.2.1", path, "", kT0).allowed);
  }
  EXPECT_FALSE(CheckRequestLimits(limiter, rules, "192.0.2.1", "/get-session", "", kT0).allowed);
}

TEST(RequestLimitsTest, AllowedDecisionReportsTheTighterRule) {
  const RuleTable rules = RuleTable::Defaults();
  MemoryRateLimiter limiter;
  const Decision d = CheckRequestLimits(limiter, rules, "192.0.2.1", "/sign-in/email", "", kT0);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.limit, 3);
  EXPECT_EQ(d.remaining, 2);
}

// Pins: docs/api.md (IPv6 normalised to /64) and docs/operations.md:
// rotating source addresses inside one /64 does not escape the sign-in limit.
TEST(RequestLimitsTest, Ipv6RotationInsideOne64HitsOneBucket) {
  const RuleTable rules = RuleTable::Defaults();
  MemoryRateLimiter limiter;
  int allowed = 0;
  for (int i = 0; i < 50; ++i) {
    char text[64];
    std::snprintf(text, sizeof(text), "2001:db8:77:1:%x::%x", i, i + 1);
    const auto key = RateLimitKeyFor(std::string_view(text));
    ASSERT_TRUE(key.has_value());
    allowed += CheckRequestLimits(limiter, rules, *key, "/sign-in/email", "", kT0).allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 3);
}

// Pins: CVE-2023-36456 / ASVS 14.5.4 end to end: an untrusted client that
// changes X-Forwarded-For and Forwarded on every request stays one bucket.
TEST(RequestLimitsTest, SpoofedForwardingHeadersDoNotBypassTheLimit) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
  ASSERT_TRUE(proxies.has_value());
  const ClientAddressResolver resolver(*proxies, ForwardedHeader::kXForwardedFor);
  const RuleTable rules = RuleTable::Defaults();
  MemoryRateLimiter limiter;
  int allowed = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string fake = "198.51.100." + std::to_string(i % 250);
    const std::string forwarded = "for=" + fake;
    auto client =
        resolver.Resolve("203.0.113.50", {.x_forwarded_for = fake, .forwarded = forwarded});
    ASSERT_TRUE(client.has_value());
    const std::string key = RateLimitKeyFor(*client);
    allowed += CheckRequestLimits(limiter, rules, key, "/sign-in/email", "", kT0).allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 3);
}

TEST(RequestLimitsTest, HeadersOfADeniedRequest) {
  const Decision denied{.allowed = false, .remaining = 0, .retry_after_ms = 2834, .limit = 3};
  EXPECT_EQ(RateLimitHeaders(denied), (HeaderList{{"X-Retry-After", "3"}, {"Retry-After", "3"}}));
  EXPECT_EQ(RateLimitHeaders(denied, /*include_retry_after=*/false),
            (HeaderList{{"X-Retry-After", "3"}}));
  const Decision allowed{.allowed = true, .remaining = 2, .retry_after_ms = 0, .limit = 3};
  EXPECT_TRUE(RateLimitHeaders(allowed).empty());
  EXPECT_EQ(QuotaHeaders(allowed),
            (HeaderList{{"X-RateLimit-Limit", "3"}, {"X-RateLimit-Remaining", "2"}}));
}

TEST(RequestLimitsTest, RetryAfterRoundsUpAndIsNeverZero) {
  EXPECT_EQ(RetryAfterSeconds(Decision{.allowed = false, .retry_after_ms = 1}), 1);
  EXPECT_EQ(RetryAfterSeconds(Decision{.allowed = false, .retry_after_ms = 0}), 1);
  EXPECT_EQ(RetryAfterSeconds(Decision{.allowed = false, .retry_after_ms = 10'000}), 10);
  EXPECT_EQ(RetryAfterSeconds(Decision{.allowed = false, .retry_after_ms = 10'001}), 11);
}

// docs/api.md: 429, message only, no code.
TEST(RequestLimitsTest, RateLimitedErrorMatchesTheContract) {
  const Error error = RateLimitedError(Decision{.allowed = false, .retry_after_ms = 9'500});
  EXPECT_EQ(error.kind, ErrorKind::kRateLimited);
  EXPECT_TRUE(error.code.empty());
  EXPECT_EQ(error.message, "Too many requests. Please try again later.");
  EXPECT_EQ(error.retry_after_seconds, 10);
}

// docs/design.md "Routes": a route's declared bucket picks its rule, and
// every route of a bucket draws on one budget per client (ASVS 2.2.1).
TEST(RequestLimitsTest, ARoutesBucketDrivesItsRuleAndIsSharedByTheBucket) {
  const RuleTable rules = RuleTable::Defaults();
  MemoryRateLimiter limiter;
  // A new route in the two-factor bucket, at a path no default pattern names.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        CheckRequestLimits(limiter, rules, "192.0.2.1", "/new/verify", "two-factor", kT0).allowed);
  }
  ASSERT_TRUE(
      CheckRequestLimits(limiter, rules, "192.0.2.1", "/other/verify", "two-factor", kT0).allowed);
  EXPECT_FALSE(
      CheckRequestLimits(limiter, rules, "192.0.2.1", "/new/verify", "two-factor", kT0).allowed);
  // A bucket without a rule (refresh) is charged to the global rule only.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(
        CheckRequestLimits(limiter, rules, "192.0.2.2", "/refresh-token", "refresh", kT0).allowed);
  }
}

// An operator's custom path rule wins over a route's bucket.
TEST(RequestLimitsTest, ACustomPathRuleWinsOverTheBucket) {
  auto rules = RuleTable::FromSpec("/sign-in/email=5/10s");
  ASSERT_TRUE(rules);
  MemoryRateLimiter limiter;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        CheckRequestLimits(limiter, *rules, "192.0.2.1", "/sign-in/email", "sign-in", kT0).allowed)
        << i;
  }
  EXPECT_FALSE(
      CheckRequestLimits(limiter, *rules, "192.0.2.1", "/sign-in/email", "sign-in", kT0).allowed);
}

}  // namespace
}  // namespace latchkey::abuse
