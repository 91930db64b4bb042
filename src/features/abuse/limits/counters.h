// Two small bounded counters beside the rate limiter, on the same
// BoundedTable (so an address-rotation flood evicts stale entries first and
// cannot wipe the ones that matter):
//  * FailureCounter: failures per key (address or account) within a window,
//    to decide when a CAPTCHA is due;
//  * AuditSampler: whether a refusal for a key was audited within the last
//    interval, so a flood writes one audit row per key per interval.
// Thread-safety: safe to call concurrently.
#ifndef LK_FEATURES_ABUSE_LIMITS_COUNTERS_H_
#define LK_FEATURES_ABUSE_LIMITS_COUNTERS_H_

#include <cstdint>
#include <string_view>

#include "features/abuse/limits/bounded_table.h"

namespace latchkey::abuse {

class FailureCounter {
 public:
  FailureCounter(std::int64_t window_ms, std::size_t max_keys);
  // Adds one failure for `key` and returns the count within the window.
  int Add(std::string_view key, std::int64_t now_ms);
  int Count(std::string_view key, std::int64_t now_ms) const;
  void Clear(std::string_view key);

 private:
  struct Entry {
    int count = 0;
    std::int64_t expires_at = 0;  // the window's end
    std::int64_t expires_at_ms() const { return expires_at; }
  };
  const std::int64_t window_ms_;
  mutable internal::BoundedTable<Entry> table_;
};

class AuditSampler {
 public:
  AuditSampler(std::int64_t interval_ms, std::size_t max_keys);
  // True at most once per `key` per interval.
  bool ShouldRecord(std::string_view key, std::int64_t now_ms);

 private:
  struct Entry {
    std::int64_t expires_at = 0;  // the next time `key` may be recorded
    std::int64_t expires_at_ms() const { return expires_at; }
  };
  const std::int64_t interval_ms_;
  internal::BoundedTable<Entry> table_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_COUNTERS_H_
