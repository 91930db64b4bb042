// The shared counters against a real redis-server (scripts/test-redis.sh;
// LK_TEST_REDIS_URL): the Lua scripts decide exactly as the in-memory
// versions do, two nodes share one budget, and a dead Redis falls back to
// the node's own counters (never to no limit).
#include "features/abuse/limits/shared_counters.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

namespace latchkey::abuse {
namespace {

using namespace std::chrono_literals;
using store::redis::Client;

constexpr std::int64_t kT0 = 1'800'000'000'000;  // a 2027 timestamp, ms

std::string UniquePrefix() {
  std::random_device rd;
  return "lk-test-" + std::to_string(rd()) + ":";
}

class SharedCountersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("LK_TEST_REDIS_URL");
    if (url == nullptr || *url == 0) GTEST_SKIP() << "LK_TEST_REDIS_URL not set";
    auto client = Client::Open({.url = url, .timeout = 500ms, .pool_size = 4});
    ASSERT_TRUE(client.has_value());
    client_ = std::move(*client);
    context_ = std::make_unique<SharedCountersContext>(SharedCountersContext{
        .redis = *client_, .prefix = UniquePrefix(), .on_fallback = [this](const Error&) {
          ++fallbacks_;
        }});
  }
  std::int64_t Pttl(const std::string& key) {
    const std::array<std::string_view, 2> pttl = {"PTTL", key};
    auto reply = client_->Command(pttl);
    return reply ? reply->integer : -3;
  }
  std::unique_ptr<Client> client_;
  std::unique_ptr<SharedCountersContext> context_;
  std::atomic<int> fallbacks_{0};
};

TEST_F(SharedCountersTest, GcraScriptDecidesLikeTheMemoryLimiter) {
  MemoryRateLimiter memory;
  MemoryRateLimiter unused;
  RedisRateLimiter shared(*context_, unused);
  const Rule rule{10'000, 3};
  // A burst, denials, refills, and a jump past a whole window.
  for (std::int64_t t : {0, 0, 0, 500, 3333, 3334, 3334, 9000, 20'000, 20'000, 20'001, 20'002}) {
    const Decision want = memory.Hit("k", rule, kT0 + t);
    const Decision got = shared.Hit("k", rule, kT0 + t);
    EXPECT_EQ(got.allowed, want.allowed) << t;
    EXPECT_EQ(got.remaining, want.remaining) << t;
    EXPECT_EQ(got.retry_after_ms, want.retry_after_ms) << t;
    EXPECT_EQ(got.limit, want.limit) << t;
  }
  EXPECT_EQ(fallbacks_, 0);
  const std::int64_t ttl = Pttl(context_->prefix + "rl:k");
  EXPECT_GT(ttl, 0);  // every key expires
  EXPECT_LE(ttl, 10'002);
}

TEST_F(SharedCountersTest, TwoNodesShareOneBudgetAtomically) {
  MemoryRateLimiter fallback_a;
  MemoryRateLimiter fallback_b;
  RedisRateLimiter node_a(*context_, fallback_a);
  RedisRateLimiter node_b(*context_, fallback_b);
  const Rule rule{60'000, 40};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      RateLimiter& node = i % 2 == 0 ? static_cast<RateLimiter&>(node_a) : node_b;
      for (int j = 0; j < 25; ++j) allowed += node.Hit("shared", rule, kT0).allowed ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed, 40);  // 100 hits over two nodes, one budget of 40
  EXPECT_EQ(fallbacks_, 0);
  node_b.Reset("shared");
  EXPECT_TRUE(node_a.Hit("shared", rule, kT0).allowed);
}

TEST_F(SharedCountersTest, LockoutScriptFollowsThePolicyLikeMemory) {
  // ASVS 2.2.1: the shared lockout locks, doubles and decays as lockout.cc does.
  const MemoryLockoutStoreOptions policies{
      .password = {.max_failures = 3, .failure_window_ms = 60'000, .base_lock_ms = 10'000}};
  MemoryLockoutStore memory(policies);
  MemoryLockoutStore unused(policies);
  RedisLockoutStore shared(*context_, policies, unused);
  const auto scope = LockoutScope::kPassword;
  for (std::int64_t t : {0, 1, 2, 3, 5'000, 10'003, 10'004, 10'005, 10'006, 30'000}) {
    const LockStatus want = memory.RecordFailure(scope, "a@x", kT0 + t);
    const LockStatus got = shared.RecordFailure(scope, "a@x", kT0 + t);
    EXPECT_EQ(got.locked, want.locked) << t;
    EXPECT_EQ(got.retry_after_ms, want.retry_after_ms) << t;
    const LockStatus checked = shared.Check(scope, "a@x", kT0 + t);
    EXPECT_EQ(checked.retry_after_ms, want.retry_after_ms) << t;
  }
  // The second lock doubled: 20 s from 10'005.
  EXPECT_EQ(shared.Check(scope, "a@x", kT0 + 10'005).retry_after_ms, 20'000);
  // A through-lock failure counts (a solved CAPTCHA admits, a wrong password counts).
  for (int i = 0; i < 3; ++i) {
    memory.RecordFailure(scope, "a@x", kT0 + 11'000, FailureAdmission::kThroughLock);
    shared.RecordFailure(scope, "a@x", kT0 + 11'000, FailureAdmission::kThroughLock);
  }
  EXPECT_EQ(shared.Check(scope, "a@x", kT0 + 11'000).retry_after_ms,
            memory.Check(scope, "a@x", kT0 + 11'000).retry_after_ms);
  EXPECT_GT(Pttl(context_->prefix + "lock:pw|a@x"), 0);
  EXPECT_EQ(fallbacks_, 0);
}

TEST_F(SharedCountersTest, LockoutClearLiftsTheDevicesToo) {
  const MemoryLockoutStoreOptions policies{.password = {.max_failures = 2}};
  MemoryLockoutStore unused(policies);
  RedisLockoutStore shared(*context_, policies, unused);
  const auto scope = LockoutScope::kPassword;
  const std::string device = DeviceLockoutKey("b@x", "d1");
  for (int i = 0; i < 2; ++i) {
    shared.RecordFailure(scope, "b@x", kT0);
    shared.RecordFailure(scope, device, kT0);
  }
  ASSERT_TRUE(shared.Check(scope, "b@x", kT0).locked);
  ASSERT_TRUE(shared.Check(scope, device, kT0).locked);
  EXPECT_FALSE(shared.Check(LockoutScope::kTwoFactor, "b@x", kT0).locked);
  shared.Clear(scope, "b@x");
  EXPECT_FALSE(shared.Check(scope, "b@x", kT0).locked);
  EXPECT_FALSE(shared.Check(scope, device, kT0).locked);
}

TEST_F(SharedCountersTest, FailureCountsAndInFlightSlotsAreShared) {
  FailureCounter unused(60'000, 100);
  RedisFailureCounts a(*context_, 60'000, unused);
  RedisFailureCounts b(*context_, 60'000, unused);
  EXPECT_EQ(a.Add("acct|c@x", kT0), 1);
  EXPECT_EQ(b.Add("acct|c@x", kT0), 2);
  EXPECT_EQ(a.Count("acct|c@x", kT0), 2);
  const std::int64_t ttl = Pttl(context_->prefix + "fail:acct|c@x");
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60'000);
  b.Clear("acct|c@x");
  EXPECT_EQ(a.Count("acct|c@x", kT0), 0);

  MemoryInFlightLimit local;
  RedisInFlightLimit node_a(*context_, local);
  RedisInFlightLimit node_b(*context_, local);
  EXPECT_EQ(node_a.Acquire("c@x", 2), InFlightLimit::Slot::kShared);
  EXPECT_EQ(node_b.Acquire("c@x", 2), InFlightLimit::Slot::kShared);
  EXPECT_EQ(node_a.Acquire("c@x", 2), InFlightLimit::Slot::kRefused);
  node_b.Release("c@x", InFlightLimit::Slot::kShared);
  EXPECT_EQ(node_a.Acquire("c@x", 2), InFlightLimit::Slot::kShared);
  EXPECT_GT(Pttl(context_->prefix + "inflight:c@x"), 0);
  EXPECT_EQ(fallbacks_, 0);
}

TEST(SharedCountersFallbackTest, DeadRedisFallsBackToTheNodesOwnLimits) {
  // Nothing listens on port 1: every decision must still limit, locally.
  auto client = Client::Open({.url = "redis://127.0.0.1:1", .timeout = 50ms});
  ASSERT_TRUE(client.has_value());
  int fallbacks = 0;
  SharedCountersContext context{
      .redis = **client, .prefix = "x:", .on_fallback = [&](const Error&) { ++fallbacks; }};
  MemoryRateLimiter memory;
  RedisRateLimiter limiter(context, memory);
  const Rule rule{10'000, 2};
  EXPECT_TRUE(limiter.Hit("k", rule, kT0).allowed);
  EXPECT_TRUE(limiter.Hit("k", rule, kT0).allowed);
  EXPECT_FALSE(limiter.Hit("k", rule, kT0).allowed);
  EXPECT_EQ(fallbacks, 3);
  MemoryLockoutStore local({.password = {.max_failures = 1}});
  RedisLockoutStore lockout(context, {.password = {.max_failures = 1}}, local);
  EXPECT_TRUE(lockout.RecordFailure(LockoutScope::kPassword, "d@x", kT0).locked);
  EXPECT_TRUE(lockout.Check(LockoutScope::kPassword, "d@x", kT0).locked);
}

}  // namespace
}  // namespace latchkey::abuse
