// GCRA over BoundedTable.
//
// Why GCRA and not the two-window approximation:
//  * State is one int64 per bucket, so the memory cap that protects us from
//    IPv6 rotation floods costs little, and a Redis version is one key and a
//    short script.
//  * It is exact. The two-window estimate assumes traffic in the previous
//    window was spread evenly, an assumption an attacker can violate on
//    purpose; GCRA has no such error term.
//  * A drained bucket is completely refilled `window_ms` after its last
//    accepted request (plus under `max` microseconds of rounding): the
//    "reset after the window" behaviour operators expect. The two-window
//    scheme needs up to two windows.
//  * Retry-After is exact: the moment one request fits again.
// The trade-off, shared with every token bucket and with the two-window
// scheme: within any span of `window_ms` a client can pass the full burst
// plus what refills meanwhile (at most 2*max - 1), while its long-run rate
// stays at max per window. Better Auth's counter instead closes a bucket for
// a whole window after `max` hits (docs/api.md); our Retry-After after
// a burst is therefore window/max rather than window. Clients only use the
// value to wait, so this does not break the SDK.
#include "features/abuse/limits/memory_rate_limiter.h"

#include <algorithm>
#include <cassert>

namespace latchkey::abuse {
MemoryRateLimiter::MemoryRateLimiter(const MemoryRateLimiterOptions& options)
    : table_(internal::BoundedTableOptions{.max_entries = options.max_entries,
                                           .shards = options.shards,
                                           .sweep_interval_ms = options.sweep_interval_ms}) {}

Decision MemoryRateLimiter::Hit(std::string_view bucket_key, const Rule& rule,
                                std::int64_t now_ms) {
  assert(rule.max > 0 && rule.window_ms > 0);
  if (rule.max <= 0 || rule.window_ms <= 0) {
    // A broken rule must not open the gate (fail closed).
    return Decision{.allowed = false, .remaining = 0, .retry_after_ms = 1000, .limit = 0};
  }
  // Time in microseconds so window/max is near-exact. The interval rounds up,
  // and the burst capacity is defined as max whole intervals, so a fresh
  // bucket admits exactly `max` and the sustained rate never exceeds
  // max/window.
  const std::int64_t interval_us = CeilDiv(rule.window_ms * kUsPerMs, rule.max);
  const std::int64_t capacity_us = interval_us * rule.max;
  const std::int64_t now_us = now_ms * kUsPerMs;

  return table_.Upsert(bucket_key, now_ms, [&](Bucket& bucket, bool /*created*/) {
    const std::int64_t tat = std::max(bucket.tat_us, now_us);
    const std::int64_t new_tat = tat + interval_us;
    const std::int64_t debt = new_tat - now_us;
    if (debt > capacity_us) {
      return Decision{.allowed = false,
                      .remaining = 0,
                      .retry_after_ms = CeilDiv(debt - capacity_us, kUsPerMs),
                      .limit = rule.max};
    }
    bucket.tat_us = new_tat;
    return Decision{.allowed = true,
                    .remaining = static_cast<int>((capacity_us - debt) / interval_us),
                    .retry_after_ms = 0,
                    .limit = rule.max};
  });
}

void MemoryRateLimiter::Reset(std::string_view bucket_key) { table_.Erase(bucket_key); }

}  // namespace latchkey::abuse
