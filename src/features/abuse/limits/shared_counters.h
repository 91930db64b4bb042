// The abuse counters shared by every node through Redis (docs/operations.md
// "Several nodes"): the rate limiter, the lockout store, the failure counts
// behind CAPTCHA-after-K, and sign-ins in flight per account. Each decision
// is one atomic Lua script (EVALSHA) or one command on keys under the
// configured prefix, each key with a TTL, so nothing grows without bound.
//
// Redis down (REDIS_UNAVAILABLE, a timeout, a failed script): the decision
// falls back to this node's own in-memory counter, never to no limit, and
// `on_fallback` is told (a metric, a log line); the store client backs off
// and probes again by itself, so decisions return to Redis once it answers.
// What a node counted during an outage stays in its own memory.
//
// Times come from the caller's clock (nodes keep NTP time): a skew of s
// between nodes moves a shared bucket's refill by at most s.
// Thread-safety: safe for concurrent use.
#ifndef LK_FEATURES_ABUSE_LIMITS_SHARED_COUNTERS_H_
#define LK_FEATURES_ABUSE_LIMITS_SHARED_COUNTERS_H_

#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "features/abuse/limits/counters.h"
#include "features/abuse/limits/lockout.h"
#include "features/abuse/limits/memory_rate_limiter.h"
#include "features/abuse/limits/rate_limiter.h"
#include "store/redis/redis_client.h"

namespace latchkey::abuse {

// What every shared counter needs: the client, the key prefix
// ("latchkey:"), and whom to tell about a fallback. Must outlive them.
struct SharedCountersContext {
  store::redis::Client& redis;
  std::string prefix = "latchkey:";
  std::function<void(const Error&)> on_fallback = [](const Error&) {};
};

// GCRA in one script per decision, exactly as MemoryRateLimiter computes it
// (one key per bucket holding its theoretical arrival time, expiring when
// the bucket is full again).
class RedisRateLimiter final : public RateLimiter {
 public:
  RedisRateLimiter(const SharedCountersContext& context, RateLimiter& fallback);
  Decision Hit(std::string_view bucket_key, const Rule& rule, std::int64_t now_ms) override;
  void Reset(std::string_view bucket_key) override;

 private:
  const SharedCountersContext& context_;
  RateLimiter& fallback_;
};

// ApplyFailure/ApplySuccess/StatusAt of lockout.h in Lua, on one hash per
// account and scope; a recognised device's key is also listed in a set of
// its account, so Clear() lifts the devices' locks too.
class RedisLockoutStore final : public LockoutStore {
 public:
  RedisLockoutStore(const SharedCountersContext& context, const MemoryLockoutStoreOptions& policies,
                    LockoutStore& fallback);
  LockStatus RecordFailure(LockoutScope scope, std::string_view account_key, std::int64_t now_ms,
                           FailureAdmission admission = FailureAdmission::kNormal) override;
  void RecordSuccess(LockoutScope scope, std::string_view account_key,
                     std::int64_t now_ms) override;
  LockStatus Check(LockoutScope scope, std::string_view account_key,
                   std::int64_t now_ms) const override;
  void Clear(LockoutScope scope, std::string_view account_key) override;

 private:
  const LockoutPolicy& PolicyFor(LockoutScope scope) const;
  std::string StateKey(LockoutScope scope, std::string_view key) const;
  std::string DeviceSetKey(LockoutScope scope, std::string_view key) const;

  const SharedCountersContext& context_;
  const MemoryLockoutStoreOptions policies_;
  LockoutStore& fallback_;
};

// INCR with the window as TTL, set by the first failure.
class RedisFailureCounts final : public FailureCounts {
 public:
  RedisFailureCounts(const SharedCountersContext& context, std::int64_t window_ms,
                     FailureCounts& fallback);
  int Add(std::string_view key, std::int64_t now_ms) override;
  int Count(std::string_view key, std::int64_t now_ms) const override;
  void Clear(std::string_view key) override;

 private:
  std::string Key(std::string_view key) const;
  const SharedCountersContext& context_;
  const std::int64_t window_ms_;
  FailureCounts& fallback_;
};

// A counter per key, refused past `max`, with a TTL (a node that dies
// holding a slot frees it when the TTL runs out).
class RedisInFlightLimit final : public InFlightLimit {
 public:
  RedisInFlightLimit(const SharedCountersContext& context, InFlightLimit& fallback);
  Slot Acquire(std::string_view key, int max) override;
  void Release(std::string_view key, Slot slot) override;

 private:
  const SharedCountersContext& context_;
  InFlightLimit& fallback_;
};

// Every shared counter over one client, each falling back to the node's own
// counter of the same kind. The fallbacks must outlive it.
struct SharedCounterSet {
  SharedCounterSet(SharedCountersContext shared, const MemoryLockoutStoreOptions& policies,
                   std::int64_t failure_window_ms, RateLimiter& local_limiter,
                   LockoutStore& local_lockout, FailureCounts& local_failures,
                   InFlightLimit& local_in_flight)
      : context(std::move(shared)),
        limiter(context, local_limiter),
        lockout(context, policies, local_lockout),
        failures(context, failure_window_ms, local_failures),
        in_flight(context, local_in_flight) {}

  const SharedCountersContext context;
  RedisRateLimiter limiter;
  RedisLockoutStore lockout;
  RedisFailureCounts failures;
  RedisInFlightLimit in_flight;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_SHARED_COUNTERS_H_
