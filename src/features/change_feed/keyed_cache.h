// KeyedCache<V>: a bounded in-memory cache of values read from the database
// (resolved sessions, verified API keys), kept exact by invalidation rather
// than by expiry (docs/architecture.md, "Caches and the change feed").
//
// Correctness rests on three rules:
//  1. every write to a row a cached value was built from invalidates it once
//     the transaction commits, by key or by tag (ChangeFeed::Announce does
//     both the local drop and the other nodes' notice);
//  2. a reader that missed takes a Ticket before reading the database and
//     Put()s only if no invalidation happened since, so a read that raced a
//     write never caches the stale row;
//  3. while other nodes' notices may be lost (SetLive(false)), nothing is
//     served, and coming back drops everything (what changed in between is
//     unknown).
// Each entry expires ttl_ms after it was Put(), which bounds the damage of a
// forgotten invalidation. Full: the cache starts over rather than track
// recency (a miss costs one indexed read).
//
// Tags name an entry by something other than its key: the session id or the
// user a session belongs to, the owner of an API key. They are indexed, so
// InvalidateTag() costs what it drops, not a scan of the cache.
//
// A named cache counts its lookups, latchkey_cache_hits_total{cache} and
// latchkey_cache_misses_total{cache} (docs/operations.md "Metrics").
//
// Thread-safety: all methods are safe to call concurrently.
#ifndef LK_FEATURES_CHANGE_FEED_KEYED_CACHE_H_
#define LK_FEATURES_CHANGE_FEED_KEYED_CACHE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "observability/metrics.h"

namespace latchkey::change_feed {

template <class V>
class KeyedCache {
 public:
  using Ticket = std::uint64_t;

  // `name` labels the hit and miss counters ("session"); empty: not counted.
  KeyedCache(std::size_t max_entries, TimeMs ttl_ms, std::string_view name = {})
      : max_entries_(max_entries),
        ttl_ms_(ttl_ms),
        hits_(Lookups("latchkey_cache_hits_total", "Cache lookups answered from memory", name)),
        misses_(Lookups("latchkey_cache_misses_total",
                        "Cache lookups that read the database (absent, expired or cache off)",
                        name)) {}
  KeyedCache(const KeyedCache&) = delete;
  KeyedCache& operator=(const KeyedCache&) = delete;

  // A copy of the value, if present and younger than the TTL (and live).
  std::optional<V> Find(const std::string& key, TimeMs now) const {
    std::optional<V> found = FindLocked(key, now);
    if (metrics::Counter* counter = found ? hits_ : misses_) counter->Inc();
    return found;
  }

  // Taken before a database read whose result may be Put().
  Ticket Prepare() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }

  // Stores `value` under `key`, also reachable by each of `tags`, unless an
  // invalidation (or SetLive) happened since `ticket`. Replaces an entry of
  // the same key.
  void Put(const std::string& key, V value, std::vector<std::string> tags, Ticket ticket,
           TimeMs now) {
    std::lock_guard lock(mutex_);
    if (!live_ || ticket != generation_) return;  // a write raced our read: do not cache it
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) ClearLocked();
    EraseLocked(key);
    for (const std::string& tag : tags) tagged_[tag].insert(key);
    entries_.emplace(key, Entry{std::move(value), std::move(tags), now});
  }

  void InvalidateKey(const std::string& key) {
    std::lock_guard lock(mutex_);
    ++generation_;
    EraseLocked(key);
  }

  // Drops every entry Put() with `tag`.
  void InvalidateTag(const std::string& tag) {
    std::lock_guard lock(mutex_);
    ++generation_;
    auto it = tagged_.find(tag);
    if (it == tagged_.end()) return;
    const std::unordered_set<std::string> keys = std::move(it->second);
    tagged_.erase(it);
    for (const std::string& key : keys) EraseLocked(key);
  }

  // false: drop everything and serve nothing until true again, which drops
  // everything once more.
  void SetLive(bool live) {
    std::lock_guard lock(mutex_);
    live_ = live;
    ++generation_;
    ClearLocked();
  }

  // Runs fn(V&) on the entry of `key` under the cache's lock, whatever its
  // age, and returns what fn returned; nullopt when there is no entry. For
  // bookkeeping that rides on an entry (when a key's use was last written).
  // fn must be quick and must not call back into the cache.
  template <class F>
  auto Modify(const std::string& key, F&& fn) -> std::optional<std::invoke_result_t<F, V&>> {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return fn(it->second.value);
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    V value;
    std::vector<std::string> tags;
    TimeMs cached_at;
  };

  static metrics::Counter* Lookups(std::string_view metric, std::string_view help,
                                   std::string_view name) {
    if (name.empty()) return nullptr;
    return &metrics::Global().GetCounter(metric, help, "cache=\"" + std::string(name) + "\"");
  }

  std::optional<V> FindLocked(const std::string& key, TimeMs now) const {
    std::lock_guard lock(mutex_);
    if (!live_) return std::nullopt;
    auto it = entries_.find(key);
    if (it == entries_.end() || now - it->second.cached_at >= ttl_ms_) return std::nullopt;
    return it->second.value;
  }

  // Removes `key` and its tag references. REQUIRES: mutex_ held.
  void EraseLocked(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    for (const std::string& tag : it->second.tags) {
      auto t = tagged_.find(tag);
      if (t == tagged_.end()) continue;  // InvalidateTag took it already
      t->second.erase(key);
      if (t->second.empty()) tagged_.erase(t);
    }
    entries_.erase(it);
  }

  void ClearLocked() {
    entries_.clear();
    tagged_.clear();
  }

  const std::size_t max_entries_;
  const TimeMs ttl_ms_;
  metrics::Counter* const hits_;  // null: not counted
  metrics::Counter* const misses_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;                           // GUARDED_BY(mutex_)
  std::unordered_map<std::string, std::unordered_set<std::string>> tagged_;  // GUARDED_BY(mutex_)
  Ticket generation_ = 0;                                                    // GUARDED_BY(mutex_)
  bool live_ = true;                                                         // GUARDED_BY(mutex_)
};

}  // namespace latchkey::change_feed

#endif  // LK_FEATURES_CHANGE_FEED_KEYED_CACHE_H_
