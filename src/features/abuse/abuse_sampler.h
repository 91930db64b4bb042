// Two small bounded counters the guard needs besides the rate limiter:
// FailureCounter (sign-in failures per address or account in a window, to
// decide when a CAPTCHA is due) and AuditSampler (whether a refusal of this
// key was audited within the last interval, so a flood writes one audit row
// per key per interval, not one per request).
// Thread-safety: safe to call concurrently.
#ifndef LK_FEATURES_ABUSE_ABUSE_SAMPLER_H_
#define LK_FEATURES_ABUSE_ABUSE_SAMPLER_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace latchkey::abuse {

class FailureCounter {
 public:
  FailureCounter(std::int64_t window_ms, std::size_t max_keys)
      : window_ms_(window_ms), max_keys_(max_keys) {}
  // Adds one failure for `key` and returns the count within the window.
  int Add(const std::string& key, std::int64_t now_ms);
  int Count(const std::string& key, std::int64_t now_ms) const;
  void Clear(const std::string& key);

 private:
  struct Entry {
    int count = 0;
    std::int64_t window_start = 0;
  };
  const std::int64_t window_ms_;
  const std::size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
};

class AuditSampler {
 public:
  AuditSampler(std::int64_t interval_ms, std::size_t max_keys)
      : interval_ms_(interval_ms), max_keys_(max_keys) {}
  // True at most once per `key` per interval.
  bool ShouldRecord(const std::string& key, std::int64_t now_ms);

 private:
  const std::int64_t interval_ms_;
  const std::size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, std::int64_t> last_;  // GUARDED_BY(mu_)
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_SAMPLER_H_
