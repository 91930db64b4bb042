// The rate-limiter seam: one counter per bucket key, checked and charged in
// a single atomic step. MemoryRateLimiter is the single-node implementation;
// RedisRateLimiter (shared_counters.h) shares the buckets across nodes
// (docs/operations.md "Several nodes").
#ifndef LK_FEATURES_ABUSE_LIMITS_RATE_LIMITER_H_
#define LK_FEATURES_ABUSE_LIMITS_RATE_LIMITER_H_

#include <cstdint>
#include <string_view>

namespace latchkey::abuse {

// The GCRA arithmetic's units, shared by the memory and the Redis limiter.
inline constexpr std::int64_t kUsPerMs = 1000;
inline constexpr std::int64_t CeilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// At most `max` requests per `window_ms`.
// REQUIRES: window_ms > 0, max > 0 (rules.h validates configured rules).
struct Rule {
  std::int64_t window_ms = 10'000;
  int max = 100;
};

struct Decision {
  bool allowed = true;
  // Requests still allowed right now after this one (0 when denied).
  int remaining = 0;
  // When denied: how long until one request would be allowed. 0 when allowed.
  std::int64_t retry_after_ms = 0;
  // The rule's max, for X-RateLimit-Limit.
  int limit = 0;
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Counts one request against `bucket_key` under `rule` and says whether it
  // may proceed. A denied request is not counted, so a client hammering a
  // closed bucket does not push its own reopening further away; the window is
  // what bounds it. The check and the charge are atomic: concurrent callers on
  // one key are never allowed more than `rule.max` together.
  // A key must always be used with the same rule (bucket keys embed the rule
  // pattern, see BucketKey() in rules.h).
  // Thread-safety: implementations are safe for concurrent use.
  virtual Decision Hit(std::string_view bucket_key, const Rule& rule, std::int64_t now_ms) = 0;

  // Forgets `bucket_key`: its next Hit starts from a full budget.
  virtual void Reset(std::string_view bucket_key) = 0;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_RATE_LIMITER_H_
