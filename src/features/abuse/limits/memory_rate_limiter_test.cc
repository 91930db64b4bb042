#include "features/abuse/limits/memory_rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace latchkey::abuse {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;  // a 2027 timestamp, ms
constexpr Rule kThreePer10s{10'000, 3};

TEST(MemoryRateLimiterTest, AllowsMaxThenDenies) {
  MemoryRateLimiter limiter;
  for (int i = 0; i < 3; ++i) {
    Decision d = limiter.Hit("k", kThreePer10s, kT0);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_EQ(d.limit, 3);
  }
  Decision denied = limiter.Hit("k", kThreePer10s, kT0 + 500);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.remaining, 0);
  // One slot frees window/max after the burst: 3334 ms - 500 ms elapsed.
  EXPECT_EQ(denied.retry_after_ms, 2834);
  EXPECT_FALSE(limiter.Hit("k", kThreePer10s, kT0 + 3333).allowed);
  EXPECT_TRUE(limiter.Hit("k", kThreePer10s, kT0 + 3334).allowed);
}

TEST(MemoryRateLimiterTest, DeniedHitsAreNotCounted) {
  MemoryRateLimiter limiter;
  for (int i = 0; i < 3; ++i) limiter.Hit("k", kThreePer10s, kT0);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.Hit("k", kThreePer10s, kT0 + i).allowed);
  EXPECT_TRUE(limiter.Hit("k", kThreePer10s, kT0 + 3334).allowed);
}

TEST(MemoryRateLimiterTest, FullBudgetBackAfterOneWindow) {
  MemoryRateLimiter limiter;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Hit("k", kThreePer10s, kT0).allowed);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Hit("k", kThreePer10s, kT0 + 10'002).allowed);
  EXPECT_FALSE(limiter.Hit("k", kThreePer10s, kT0 + 10'002).allowed);
}

TEST(MemoryRateLimiterTest, SustainedRateNeverExceedsMaxPerWindow) {
  MemoryRateLimiter limiter;
  const Rule rule{60'000, 5};
  int allowed = 0;
  // One attempt every 100 ms for ten minutes: burst 5, then 5 per minute.
  for (std::int64_t t = 0; t < 600'000; t += 100) {
    allowed += limiter.Hit("k", rule, kT0 + t).allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 5 + 5 * 10 - 1);
}

TEST(MemoryRateLimiterTest, KeysAreIndependentAndResetClears) {
  MemoryRateLimiter limiter;
  for (int i = 0; i < 3; ++i) limiter.Hit("a", kThreePer10s, kT0);
  EXPECT_FALSE(limiter.Hit("a", kThreePer10s, kT0).allowed);
  EXPECT_TRUE(limiter.Hit("b", kThreePer10s, kT0).allowed);
  limiter.Reset("a");
  EXPECT_TRUE(limiter.Hit("a", kThreePer10s, kT0).allowed);
}

TEST(MemoryRateLimiterTest, ExactlyOnePerWindowWhenMaxIsOne) {
  MemoryRateLimiter limiter;
  const Rule rule{1'000, 1};
  EXPECT_TRUE(limiter.Hit("k", rule, kT0).allowed);
  EXPECT_FALSE(limiter.Hit("k", rule, kT0 + 999).allowed);
  EXPECT_TRUE(limiter.Hit("k", rule, kT0 + 1'000).allowed);
}

// Pins: docs/operations.md ("50 parallel wrong logins → accepted failures ≤
// limit"; counters atomic under concurrency) and F14 (concurrency races).
TEST(MemoryRateLimiterTest, ParallelThreadsNeverExceedMax) {
  MemoryRateLimiter limiter;
  const Rule rule{60'000, 50};
  constexpr int kThreads = 8;
  constexpr int kHitsPerThread = 2'000;
  for (int round = 0; round < 5; ++round) {
    std::atomic<int> allowed{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    const std::string key = "race" + std::to_string(round);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        for (int i = 0; i < kHitsPerThread; ++i) {
          if (limiter.Hit(key, rule, kT0).allowed) allowed.fetch_add(1);
        }
      });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(allowed.load(), 50) << "round " << round;
  }
}

// Pins: docs/operations.md and docs/api.md under an IPv6 rotation
// flood (one key per /64 of a large allocation): memory stays bounded.
TEST(MemoryRateLimiterTest, MemoryStaysBoundedAfterAMillionKeys) {
  MemoryRateLimiter limiter({.max_entries = 10'000, .shards = 16});
  const Rule rule{3'600'000, 100};  // long window: nothing expires on its own
  for (int i = 0; i < 1'000'000; ++i) {
    limiter.Hit("2001:db8:" + std::to_string(i) + "::/64|*", rule, kT0 + i / 1000);
  }
  EXPECT_LE(limiter.size(), limiter.capacity());
  EXPECT_LE(limiter.capacity(), 10'000u);
  EXPECT_GT(limiter.size(), 5'000u);
}

// A flood of fresh keys must not evict the bucket of a client that is being
// throttled (that would hand it a fresh budget): eviction takes the buckets
// closest to refilled first.
TEST(MemoryRateLimiterTest, FloodDoesNotEvictAThrottledBucket) {
  MemoryRateLimiter limiter({.max_entries = 1'000, .shards = 4});
  const Rule rule{60'000, 3};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Hit("attacker", rule, kT0).allowed);
  for (int i = 0; i < 100'000; ++i) limiter.Hit("flood" + std::to_string(i), rule, kT0 + 1);
  EXPECT_FALSE(limiter.Hit("attacker", rule, kT0 + 2).allowed);
}

TEST(MemoryRateLimiterTest, ExpiredBucketsAreSweptFirst) {
  MemoryRateLimiter limiter({.max_entries = 1'000, .shards = 4, .sweep_interval_ms = 100});
  const Rule rule{1'000, 10};
  for (int i = 0; i < 900; ++i) limiter.Hit("old" + std::to_string(i), rule, kT0);
  EXPECT_GT(limiter.size(), 800u);
  // After the window every old bucket is refilled; the next hits sweep them.
  for (int i = 0; i < 64; ++i) limiter.Hit("new" + std::to_string(i), rule, kT0 + 5'000);
  EXPECT_LT(limiter.size(), 100u);
}

}  // namespace
}  // namespace latchkey::abuse
