// In-process RateLimiter: GCRA (the generic cell rate algorithm, a token
// bucket stored as one timestamp) over a sharded, size-capped table.
// Use it for single-node deployments and as the fallback when Redis is down.
// Thread-safety: safe for concurrent use; one mutex per shard.
#ifndef LK_FEATURES_ABUSE_LIMITS_MEMORY_RATE_LIMITER_H_
#define LK_FEATURES_ABUSE_LIMITS_MEMORY_RATE_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/abuse/limits/bounded_table.h"
#include "features/abuse/limits/rate_limiter.h"

namespace latchkey::abuse {

struct MemoryRateLimiterOptions {
  // Upper bound on buckets held. ~100 bytes each, so the default is ~10 MB.
  // When full, expired buckets go first, then the ones closest to refilled.
  std::size_t max_entries = 100'000;
  std::size_t shards = 64;
  // How often each shard drops buckets that have fully refilled.
  std::int64_t sweep_interval_ms = 1'000;
};

class MemoryRateLimiter final : public RateLimiter {
 public:
  explicit MemoryRateLimiter(const MemoryRateLimiterOptions& options = {});

  Decision Hit(std::string_view bucket_key, const Rule& rule, std::int64_t now_ms) override;
  void Reset(std::string_view bucket_key) override;

  // Buckets currently held (for tests and the metrics gauge).
  std::size_t size() const { return table_.size(); }
  std::size_t capacity() const { return table_.capacity(); }

 private:
  // Theoretical arrival time of the next request, in microseconds. The
  // bucket is full (and the entry worthless) once it lies in the past.
  struct Bucket {
    std::int64_t tat_us = 0;
    std::int64_t expires_at_ms() const { return (tat_us + 999) / 1000; }  // round up
  };

  internal::BoundedTable<Bucket> table_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_MEMORY_RATE_LIMITER_H_
