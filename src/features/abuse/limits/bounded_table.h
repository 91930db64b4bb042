// BoundedTable<V>: a sharded, size-capped map from string keys to small
// expiring values. It is the shared storage of MemoryRateLimiter and
// MemoryLockoutStore; nothing outside this folder should include it.
//
// Why it exists: both stores are keyed by attacker-influenced strings (client
// addresses, account names). Under an address-rotation or credential-stuffing
// flood an unbounded map is a memory-exhaustion bug, so every shard holds at
// most max_entries / shards entries. Making room removes expired entries
// first, then the entries that expire soonest: those hold the least state
// (a rate-limit bucket that is almost refilled, a single stale failure), while
// a bucket or lockout that is currently blocking someone expires late and is
// kept. A flood therefore cannot buy a blocked client a fresh budget.
//
// V must provide `std::int64_t expires_at_ms() const`: at or after that time
// the entry carries no information and is dropped.
//
// Thread-safety: all methods are safe to call concurrently. One mutex per
// shard; the callbacks run under it and must not call back into the table.
#ifndef LK_FEATURES_ABUSE_LIMITS_BOUNDED_TABLE_H_
#define LK_FEATURES_ABUSE_LIMITS_BOUNDED_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace latchkey::abuse::internal {

struct BoundedTableOptions {
  std::size_t max_entries = 100'000;  // upper bound across all shards
  std::size_t shards = 64;            // more shards, less lock contention
  std::int64_t sweep_interval_ms = 1'000;
};

template <class V>
class BoundedTable {
 public:
  explicit BoundedTable(const BoundedTableOptions& options)
      : per_shard_cap_(std::max<std::size_t>(
            1, options.max_entries / std::max<std::size_t>(1, options.shards))),
        sweep_interval_ms_(options.sweep_interval_ms),
        shards_(std::max<std::size_t>(1, options.shards)) {}

  BoundedTable(const BoundedTable&) = delete;
  BoundedTable& operator=(const BoundedTable&) = delete;

  // Runs fn(V& value, bool created) under the shard lock and returns its
  // result. An absent (or expired) key starts as a value-initialised V. An
  // entry that has expired after fn returns is removed at once.
  template <class Fn>
  auto Upsert(std::string_view key, std::int64_t now_ms, Fn&& fn) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    MaybeSweep(shard, now_ms);
    auto it = shard.map.find(key);
    bool created = false;
    if (it != shard.map.end() && it->second.expires_at_ms() <= now_ms) {
      it->second = V{};
      created = true;
    }
    if (it == shard.map.end()) {
      if (shard.map.size() >= per_shard_cap_) MakeRoom(shard, now_ms);
      it = shard.map.emplace(std::string(key), V{}).first;
      created = true;
    }
    auto erase_if_dead = [&] {
      if (it->second.expires_at_ms() <= now_ms) shard.map.erase(it);
    };
    if constexpr (std::is_void_v<std::invoke_result_t<Fn, V&, bool>>) {
      std::forward<Fn>(fn)(it->second, created);
      erase_if_dead();
    } else {
      auto result = std::forward<Fn>(fn)(it->second, created);
      erase_if_dead();
      return result;
    }
  }

  // Runs fn(const V* value) under the shard lock; nullptr when the key is
  // absent or expired. Never inserts.
  template <class Fn>
  auto Find(std::string_view key, std::int64_t now_ms, Fn&& fn) const {
    const Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.map.find(key);
    const V* value = nullptr;
    if (it != shard.map.end() && it->second.expires_at_ms() > now_ms) value = &it->second;
    return std::forward<Fn>(fn)(value);
  }

  // Runs fn(V& value) on an existing, unexpired entry; does nothing when the
  // key is absent, so it never evicts to make room. An entry that has expired
  // after fn returns is removed. Returns whether fn ran.
  template <class Fn>
  bool Modify(std::string_view key, std::int64_t now_ms, Fn&& fn) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.map.find(key);
    if (it == shard.map.end()) return false;
    const bool present = it->second.expires_at_ms() > now_ms;
    if (present) std::forward<Fn>(fn)(it->second);
    if (it->second.expires_at_ms() <= now_ms) shard.map.erase(it);
    return present;
  }

  void Erase(std::string_view key) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.map.find(key);
    if (it != shard.map.end()) shard.map.erase(it);
  }

  // Removes every key that starts with `prefix`: one pass over all shards,
  // for rare events (a password reset), never on a request's hot path.
  void ErasePrefix(std::string_view prefix) {
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mu);
      std::erase_if(shard.map, [prefix](const auto& kv) { return kv.first.starts_with(prefix); });
    }
  }

  // Entries currently held, expired ones included until swept.
  std::size_t size() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mu);
      total += shard.map.size();
    }
    return total;
  }

  std::size_t capacity() const { return per_shard_cap_ * shards_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, V, Hash, std::equal_to<>> map;  // GUARDED_BY(mu)
    std::int64_t next_sweep_ms = 0;                                 // GUARDED_BY(mu)
  };

  Shard& ShardFor(std::string_view key) { return shards_[ShardIndex(key)]; }
  const Shard& ShardFor(std::string_view key) const { return shards_[ShardIndex(key)]; }
  std::size_t ShardIndex(std::string_view key) const {
    // The map buckets use the low bits of the same hash; mixing in the high
    // bits keeps shard choice and bucket choice independent.
    const std::uint64_t h = Hash{}(key);
    return static_cast<std::size_t>((h ^ (h >> 32)) % shards_.size());
  }

  // Amortised cleanup: at most one full pass over a shard per sweep interval,
  // paid by whichever caller arrives first after it elapses.
  void MaybeSweep(Shard& shard, std::int64_t now_ms) {
    if (now_ms < shard.next_sweep_ms) return;
    shard.next_sweep_ms = now_ms + sweep_interval_ms_;
    std::erase_if(shard.map,
                  [now_ms](const auto& kv) { return kv.second.expires_at_ms() <= now_ms; });
  }

  // Called when a shard is full and a new key arrives. Expired entries go
  // first; if that frees nothing, the soonest-expiring eighth of the shard is
  // evicted in one batch so the O(n) pass is paid once per n/8 inserts.
  void MakeRoom(Shard& shard, std::int64_t now_ms) {
    std::erase_if(shard.map,
                  [now_ms](const auto& kv) { return kv.second.expires_at_ms() <= now_ms; });
    if (shard.map.size() < per_shard_cap_) return;
    std::vector<std::int64_t> expiries;
    expiries.reserve(shard.map.size());
    for (const auto& kv : shard.map) expiries.push_back(kv.second.expires_at_ms());
    const std::size_t batch = std::max<std::size_t>(1, shard.map.size() / 8);
    std::nth_element(expiries.begin(), expiries.begin() + static_cast<std::ptrdiff_t>(batch - 1),
                     expiries.end());
    const std::int64_t cutoff = expiries[batch - 1];
    std::size_t removed = 0;
    for (auto it = shard.map.begin(); it != shard.map.end() && removed < batch;) {
      if (it->second.expires_at_ms() <= cutoff) {
        it = shard.map.erase(it);
        ++removed;
      } else {
        ++it;
      }
    }
  }

  const std::size_t per_shard_cap_;
  const std::int64_t sweep_interval_ms_;
  std::vector<Shard> shards_;
};

}  // namespace latchkey::abuse::internal

#endif  // LK_FEATURES_ABUSE_LIMITS_BOUNDED_TABLE_H_
