// An in-process cache of resolved sessions (token hash → session + user), so
// GET /get-session does not touch the database on every call.
//
// Correctness rests on two rules: (1) every write to a session or user row
// calls Invalidate*() after its transaction commits; (2) a reader that missed
// takes a Ticket before reading the database and Put()s only if no
// invalidation happened since, so a read that raced a write never caches the
// stale row. A TTL bounds the damage of a forgotten invalidation.
//
// Other processes' writes (several nodes on PostgreSQL) reach the cache
// through SessionService's subscription to the store's change notifications;
// while that subscription is down the cache is switched off (SetLive(false))
// because notifications may be lost.
// Thread-safety: all methods are safe to call concurrently.
#ifndef LK_FEATURES_SESSIONS_SESSION_CACHE_H_
#define LK_FEATURES_SESSIONS_SESSION_CACHE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "features/sessions/session.h"

namespace latchkey::sessions {

class SessionCache {
 public:
  SessionCache(std::size_t max_entries, TimeMs ttl_ms);

  using Ticket = std::uint64_t;

  // The cached value, if present and younger than the TTL.
  std::optional<SessionWithUser> Find(const std::string& token_hash, TimeMs now) const;
  // Taken before a database read whose result may be Put().
  Ticket Prepare() const;
  // Stores `value` unless an invalidation happened since `ticket`.
  void Put(const std::string& token_hash, const SessionWithUser& value, Ticket ticket, TimeMs now);
  void InvalidateToken(const std::string& token_hash);
  void InvalidateSession(const std::string& session_id);
  void InvalidateUser(const std::string& user_id);
  // false: drop everything and serve nothing from the cache until true again
  // (which drops everything once more: what happened in between is unknown).
  void SetLive(bool live);
  std::size_t size() const;

 private:
  struct Entry {
    SessionWithUser value;
    TimeMs cached_at;
  };
  // Erases entries matching pred; bumps the generation.
  template <class Pred>
  void EraseIf(Pred pred);

  const std::size_t max_entries_;
  const TimeMs ttl_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mutex_)
  Ticket generation_ = 0;                           // GUARDED_BY(mutex_)
  bool live_ = true;                                // GUARDED_BY(mutex_)
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_CACHE_H_
