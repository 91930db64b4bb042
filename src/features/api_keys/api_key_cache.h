// Verified API keys by key hash (key record + owner), so a key that keeps no
// counters authenticates without touching the database. Same rules as
// sessions::SessionCache: writers invalidate after commit (by key id or by
// owner), a reader that missed takes a Ticket first and Put()s only if no
// invalidation happened since, a TTL bounds a forgotten invalidation, and
// SetLive(false) turns the cache off while other nodes' notices may be lost.
// Thread-safety: all methods are safe to call concurrently.
#ifndef LK_FEATURES_API_KEYS_API_KEY_CACHE_H_
#define LK_FEATURES_API_KEYS_API_KEY_CACHE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "features/api_keys/api_key.h"
#include "features/users/user.h"

namespace latchkey::api_keys {

struct VerifiedKey {
  ApiKey key;
  users::User owner;
};

class ApiKeyCache {
 public:
  ApiKeyCache(std::size_t max_entries, TimeMs ttl_ms)
      : max_entries_(max_entries), ttl_ms_(ttl_ms) {}

  using Ticket = std::uint64_t;
  std::optional<VerifiedKey> Find(const std::string& key_hash, TimeMs now) const;
  Ticket Prepare() const;
  void Put(const std::string& key_hash, const VerifiedKey& value, Ticket ticket, TimeMs now);
  void InvalidateKey(const std::string& key_id);
  void InvalidateOwner(const std::string& user_id);
  void SetLive(bool live);
  // Records a lastRequest write for `key_hash`; true when the previous one
  // is older than `every_ms` (or unknown), so the caller writes again.
  bool ClaimLastRequestWrite(const std::string& key_hash, TimeMs now, TimeMs every_ms);

 private:
  struct Entry {
    VerifiedKey value;
    TimeMs cached_at;
    TimeMs last_request_written = 0;
  };
  template <class Pred>
  void EraseIf(Pred pred);

  const std::size_t max_entries_;
  const TimeMs ttl_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mutex_)
  Ticket generation_ = 0;                           // GUARDED_BY(mutex_)
  bool live_ = true;                                // GUARDED_BY(mutex_)
};

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEY_CACHE_H_
