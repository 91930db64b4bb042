#include "features/change_feed/keyed_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace latchkey::change_feed {
namespace {

// A cached session in miniature: its key is the token hash, its tags its
// session id and user id (as the sessions feature tags them).
struct Value {
  std::string session_id;
  std::string user_id;
  TimeMs touched = 0;
};

using Cache = KeyedCache<Value>;

void Put(Cache& cache, const std::string& key, const std::string& session_id,
         const std::string& user_id, TimeMs now = 0) {
  cache.Put(key, Value{session_id, user_id}, {"s:" + session_id, "u:" + user_id}, cache.Prepare(),
            now);
}

TEST(KeyedCacheTest, HitUntilTtl) {
  Cache cache(10, 1000);
  Put(cache, "h1", "s1", "u1");
  ASSERT_TRUE(cache.Find("h1", 999));
  EXPECT_EQ(cache.Find("h1", 999)->session_id, "s1");
  EXPECT_FALSE(cache.Find("h1", 1000));
  EXPECT_FALSE(cache.Find("h2", 0));
}

TEST(KeyedCacheTest, EachEntryExpiresOnItsOwn) {
  Cache cache(10, 1000);
  Put(cache, "h1", "s1", "u1", 0);
  Put(cache, "h2", "s2", "u1", 500);
  EXPECT_FALSE(cache.Find("h1", 1200));
  EXPECT_TRUE(cache.Find("h2", 1200));
}

// ASVS 3.3.1: a revoked session must not stay usable through the cache.
TEST(KeyedCacheTest, InvalidationRemovesByKeyAndByTag) {
  Cache cache(10, 60000);
  Put(cache, "h1", "s1", "u1");
  Put(cache, "h2", "s2", "u1");
  Put(cache, "h3", "s3", "u2");
  cache.InvalidateTag("s:s1");
  EXPECT_FALSE(cache.Find("h1", 1));
  EXPECT_TRUE(cache.Find("h2", 1));
  cache.InvalidateTag("u:u1");
  EXPECT_FALSE(cache.Find("h2", 1));
  EXPECT_TRUE(cache.Find("h3", 1));
  cache.InvalidateKey("h3");
  EXPECT_FALSE(cache.Find("h3", 1));
  EXPECT_EQ(cache.size(), 0u);
}

// A replaced entry loses its old tags: invalidating them leaves the new one.
TEST(KeyedCacheTest, PutReplacesTheEntryAndItsTags) {
  Cache cache(10, 60000);
  Put(cache, "h1", "s1", "u1");
  Put(cache, "h1", "s1", "u2");
  cache.InvalidateTag("u:u1");
  EXPECT_TRUE(cache.Find("h1", 1));
  cache.InvalidateTag("u:u2");
  EXPECT_FALSE(cache.Find("h1", 1));
}

// A read that started before a revocation committed must not re-insert the
// revoked session afterwards, whichever way the revocation named it.
TEST(KeyedCacheTest, ReadRacingAnInvalidationIsNotCached) {
  Cache cache(10, 60000);
  for (int how = 0; how < 3; ++how) {
    const Cache::Ticket ticket = cache.Prepare();  // reader starts its DB read
    if (how == 0) cache.InvalidateTag("s:s1");     // writer commits a sign-out
    if (how == 1) cache.InvalidateTag("u:other");  // any invalidation at all
    if (how == 2) cache.InvalidateKey("unrelated");
    cache.Put("h1", Value{"s1", "u1"}, {"s:s1", "u:u1"}, ticket, 0);  // stale data
    EXPECT_FALSE(cache.Find("h1", 1)) << how;
  }
}

// While change notifications may be lost, nothing is served from the cache.
TEST(KeyedCacheTest, NotLiveServesNothing) {
  Cache cache(10, 60000);
  Put(cache, "h1", "s1", "u1");
  cache.SetLive(false);
  EXPECT_FALSE(cache.Find("h1", 1));
  Put(cache, "h2", "s2", "u1");
  EXPECT_FALSE(cache.Find("h2", 1));
  cache.SetLive(true);
  EXPECT_FALSE(cache.Find("h1", 1)) << "entries from before the outage are gone";
  Put(cache, "h3", "s3", "u1");
  EXPECT_TRUE(cache.Find("h3", 1));
}

TEST(KeyedCacheTest, StaysBounded) {
  Cache cache(3, 60000);
  for (int i = 0; i < 10; ++i) Put(cache, "h" + std::to_string(i), "s", "u");
  EXPECT_LE(cache.size(), 3u);
  EXPECT_TRUE(cache.Find("h9", 1)) << "the newest entry survives starting over";
  cache.InvalidateTag("u:u");
  EXPECT_EQ(cache.size(), 0u);
}

TEST(KeyedCacheTest, ModifyReachesOnlyPresentEntries) {
  Cache cache(10, 1000);
  auto touch = [](Value& v) {
    v.touched += 1;
    return v.touched;
  };
  EXPECT_EQ(cache.Modify("h1", touch), std::nullopt);
  Put(cache, "h1", "s1", "u1");
  EXPECT_EQ(cache.Modify("h1", touch), 1);
  EXPECT_EQ(cache.Modify("h1", touch), 2);
  EXPECT_EQ(cache.Find("h1", 1)->touched, 2);
  cache.InvalidateKey("h1");
  EXPECT_EQ(cache.Modify("h1", touch), std::nullopt);
}

TEST(KeyedCacheTest, ConcurrentUseKeepsTheIndexConsistent) {
  Cache cache(64, 60000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string user = "u" + std::to_string(i % 7);
        Put(cache, "h" + std::to_string((i * 31 + t) % 100), "s" + std::to_string(i % 13), user);
        if (i % 5 == 0) cache.InvalidateTag("u:" + user);
        if (i % 11 == 0) cache.InvalidateKey("h" + std::to_string(i % 100));
        (void)cache.Find("h" + std::to_string(i % 100), 1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 64u);
  for (int u = 0; u < 7; ++u) cache.InvalidateTag("u:u" + std::to_string(u));
  EXPECT_EQ(cache.size(), 0u) << "every entry was reachable through its user tag";
}

// docs/operations.md "Metrics": a named cache counts hits and misses; a
// miss is also what a cache switched off (the change feed down) answers.
TEST(KeyedCacheTest, NamedCacheCountsHitsAndMisses) {
  Cache cache(10, 1000, "test_counted");
  metrics::Counter& hits =
      metrics::Global().GetCounter("latchkey_cache_hits_total", "", "cache=\"test_counted\"");
  metrics::Counter& misses =
      metrics::Global().GetCounter("latchkey_cache_misses_total", "", "cache=\"test_counted\"");
  EXPECT_FALSE(cache.Find("k", 0));
  Put(cache, "k", "s1", "u1");
  EXPECT_TRUE(cache.Find("k", 10));
  EXPECT_TRUE(cache.Find("k", 20));
  cache.SetLive(false);
  EXPECT_FALSE(cache.Find("k", 30));
  EXPECT_EQ(hits.Value(), 2);
  EXPECT_EQ(misses.Value(), 2);
}

}  // namespace
}  // namespace latchkey::change_feed
