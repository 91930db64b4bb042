// Small bounded counters beside the rate limiter, on the same
// BoundedTable (so an address-rotation flood evicts stale entries first and
// cannot wipe the ones that matter):
//  * FailureCounter: failures per key (address or account) within a window,
//    to decide when a CAPTCHA is due;
//  * InFlightLimit: sign-in attempts running at once per account;
//  * AuditSampler: whether a refusal for a key was audited within the last
//    interval, so a flood writes one audit row per key per interval.
// Thread-safety: safe to call concurrently.
#ifndef LK_FEATURES_ABUSE_LIMITS_COUNTERS_H_
#define LK_FEATURES_ABUSE_LIMITS_COUNTERS_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "features/abuse/limits/bounded_table.h"

namespace latchkey::abuse {

// Failures per key within a fixed window opened by the first failure: the
// seam a shared (Redis) counter implements (shared_counters.h).
class FailureCounts {
 public:
  virtual ~FailureCounts() = default;
  // Adds one failure for `key` and returns the count within the window.
  virtual int Add(std::string_view key, std::int64_t now_ms) = 0;
  virtual int Count(std::string_view key, std::int64_t now_ms) const = 0;
  virtual void Clear(std::string_view key) = 0;
};

class FailureCounter final : public FailureCounts {
 public:
  FailureCounter(std::int64_t window_ms, std::size_t max_keys);
  int Add(std::string_view key, std::int64_t now_ms) override;
  int Count(std::string_view key, std::int64_t now_ms) const override;
  void Clear(std::string_view key) override;

 private:
  struct Entry {
    int count = 0;
    std::int64_t expires_at = 0;  // the window's end
    std::int64_t expires_at_ms() const { return expires_at; }
  };
  const std::int64_t window_ms_;
  mutable internal::BoundedTable<Entry> table_;
};

// Attempts running at once per key (sign-ins per account): a slot is taken
// before the password hash and given back after it.
class InFlightLimit {
 public:
  // Where a slot was taken; Release() gives it back there.
  enum class Slot { kRefused, kLocal, kShared };
  virtual ~InFlightLimit() = default;
  // Takes a slot unless `max` are taken for `key`.
  virtual Slot Acquire(std::string_view key, int max) = 0;
  virtual void Release(std::string_view key, Slot slot) = 0;
};

// This node's slots (bounded by the worker threads holding them).
class MemoryInFlightLimit final : public InFlightLimit {
 public:
  Slot Acquire(std::string_view key, int max) override;
  void Release(std::string_view key, Slot slot) override;

 private:
  std::mutex mu_;
  std::unordered_map<std::string, int> running_;  // GUARDED_BY(mu_)
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
