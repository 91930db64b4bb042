#include "features/sessions/session_cache.h"

#include <gtest/gtest.h>

namespace latchkey::sessions {
namespace {

SessionWithUser Make(std::string session_id, std::string user_id) {
  SessionWithUser v;
  v.session.id = std::move(session_id);
  v.user.id = std::move(user_id);
  v.session.user_id = v.user.id;
  return v;
}

TEST(SessionCacheTest, HitUntilTtl) {
  SessionCache cache(10, 1000);
  cache.Put("h1", Make("s1", "u1"), cache.Prepare(), 0);
  EXPECT_TRUE(cache.Find("h1", 999));
  EXPECT_FALSE(cache.Find("h1", 1000));
  EXPECT_FALSE(cache.Find("h2", 0));
}

// ASVS 3.3.1: a revoked session must not stay usable through the cache.
TEST(SessionCacheTest, InvalidationRemovesSessionAndUserEntries) {
  SessionCache cache(10, 60000);
  cache.Put("h1", Make("s1", "u1"), cache.Prepare(), 0);
  cache.Put("h2", Make("s2", "u1"), cache.Prepare(), 0);
  cache.Put("h3", Make("s3", "u2"), cache.Prepare(), 0);
  cache.InvalidateSession("s1");
  EXPECT_FALSE(cache.Find("h1", 1));
  EXPECT_TRUE(cache.Find("h2", 1));
  cache.InvalidateUser("u1");
  EXPECT_FALSE(cache.Find("h2", 1));
  EXPECT_TRUE(cache.Find("h3", 1));
  cache.InvalidateToken("h3");
  EXPECT_FALSE(cache.Find("h3", 1));
}

// A read that started before a revocation committed must not re-insert the
// revoked session afterwards.
TEST(SessionCacheTest, ReadRacingAnInvalidationIsNotCached) {
  SessionCache cache(10, 60000);
  SessionCache::Ticket ticket = cache.Prepare();  // reader starts its DB read
  cache.InvalidateSession("s1");                  // writer commits a sign-out
  cache.Put("h1", Make("s1", "u1"), ticket, 0);   // reader finishes with stale data
  EXPECT_FALSE(cache.Find("h1", 1));
}

// While change notifications may be lost, nothing is served from the cache.
TEST(SessionCacheTest, NotLiveServesNothing) {
  SessionCache cache(10, 60000);
  cache.Put("h1", Make("s1", "u1"), cache.Prepare(), 0);
  cache.SetLive(false);
  EXPECT_FALSE(cache.Find("h1", 1));
  cache.Put("h2", Make("s2", "u1"), cache.Prepare(), 0);
  EXPECT_FALSE(cache.Find("h2", 1));
  cache.SetLive(true);
  EXPECT_FALSE(cache.Find("h1", 1)) << "entries from before the outage are gone";
  cache.Put("h3", Make("s3", "u1"), cache.Prepare(), 0);
  EXPECT_TRUE(cache.Find("h3", 1));
}

TEST(SessionCacheTest, StaysBounded) {
  SessionCache cache(3, 60000);
  for (int i = 0; i < 10; ++i) {
    cache.Put("h" + std::to_string(i), Make("s", "u"), cache.Prepare(), 0);
  }
  EXPECT_LE(cache.size(), 3u);
}

}  // namespace
}  // namespace latchkey::sessions
