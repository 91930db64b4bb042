// The shared rate limiter, failure counts and in-flight slots (the lockout
// store is in shared_lockout.cc). Every script keeps Lua numbers below 2^53
// (microseconds since 1970 are ~2^51) and formats them with %d, because
// Redis would print a large Lua number in exponent notation.
#include "features/abuse/limits/shared_counters.h"

#include <array>
#include <cassert>
#include <cstdlib>
#include <optional>

#include "store/redis/redis_errors.h"

namespace latchkey::abuse {
namespace {

using store::redis::Reply;
using store::redis::Script;

// A slot outlives its attempt by at most this much if its node dies.
constexpr std::string_view kInFlightTtlMs = "30000";

// KEYS[1]: the bucket. ARGV: now, interval and capacity in microseconds.
// Returns {allowed 0|1, remaining, retry_after_us}. The same arithmetic as
// MemoryRateLimiter::Hit (memory_rate_limiter.cc explains the choice).
const Script& GcraScript() {
  static const Script script(R"lua(
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local debt = new_tat - now
if debt > capacity then return {0, 0, debt - capacity} end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil(debt / 1000) + 1)
return {1, math.floor((capacity - debt) / interval), 0}
)lua");
  return script;
}

// KEYS[1]: the counter. ARGV[1]: the window in ms, set by the first failure.
const Script& AddFailureScript() {
  static const Script script(R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
)lua");
  return script;
}

// KEYS[1]: the slot counter. ARGV: max, TTL in ms. Returns 1 if taken.
const Script& AcquireSlotScript() {
  static const Script script(R"lua(
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
)lua");
  return script;
}

// KEYS[1]: the slot counter.
const Script& ReleaseSlotScript() {
  static const Script script(R"lua(
local n = redis.call('DECR', KEYS[1])
if n <= 0 then redis.call('DEL', KEYS[1]) end
return n
)lua");
  return script;
}

// The reply's i-th integer, or nothing if the reply has another shape.
std::optional<std::int64_t> IntAt(const Reply& reply, std::size_t i) {
  if (reply.type != Reply::Type::kArray || reply.elements.size() <= i) return std::nullopt;
  if (reply.elements[i].type != Reply::Type::kInteger) return std::nullopt;
  return reply.elements[i].integer;
}

Error Malformed() { return MakeError(store::redis::kRedisCommandFailed, "unexpected reply"); }

}  // namespace

RedisRateLimiter::RedisRateLimiter(const SharedCountersContext& context, RateLimiter& fallback)
    : context_(context), fallback_(fallback) {}

Decision RedisRateLimiter::Hit(std::string_view bucket_key, const Rule& rule, std::int64_t now_ms) {
  assert(rule.max > 0 && rule.window_ms > 0);
  if (rule.max <= 0 || rule.window_ms <= 0) return fallback_.Hit(bucket_key, rule, now_ms);
  const std::int64_t interval_us = CeilDiv(rule.window_ms * kUsPerMs, rule.max);
  const std::string key = context_.prefix + "rl:" + std::string(bucket_key);
  const std::string now = std::to_string(now_ms * kUsPerMs);
  const std::string interval = std::to_string(interval_us);
  const std::string capacity = std::to_string(interval_us * rule.max);
  const std::array<std::string_view, 1> keys = {key};
  const std::array<std::string_view, 3> args = {now, interval, capacity};
  auto reply = context_.redis.Eval(GcraScript(), keys, args);
  const auto allowed = reply ? IntAt(*reply, 0) : std::nullopt;
  const auto remaining = reply ? IntAt(*reply, 1) : std::nullopt;
  const auto retry_us = reply ? IntAt(*reply, 2) : std::nullopt;
  if (!allowed || !remaining || !retry_us) {
    context_.on_fallback(reply ? Malformed() : reply.error());
    return fallback_.Hit(bucket_key, rule, now_ms);
  }
  return Decision{.allowed = *allowed == 1,
                  .remaining = static_cast<int>(*remaining),
                  .retry_after_ms = CeilDiv(*retry_us, kUsPerMs),
                  .limit = rule.max};
}

void RedisRateLimiter::Reset(std::string_view bucket_key) {
  fallback_.Reset(bucket_key);
  const std::string key = context_.prefix + "rl:" + std::string(bucket_key);
  const std::array<std::string_view, 2> del = {"DEL", key};
  if (auto done = context_.redis.Command(del); !done) context_.on_fallback(done.error());
}

RedisFailureCounts::RedisFailureCounts(const SharedCountersContext& context, std::int64_t window_ms,
                                       FailureCounts& fallback)
    : context_(context), window_ms_(window_ms), fallback_(fallback) {}

std::string RedisFailureCounts::Key(std::string_view key) const {
  return context_.prefix + "fail:" + std::string(key);
}

int RedisFailureCounts::Add(std::string_view key, std::int64_t now_ms) {
  const std::string k = Key(key);
  const std::string window = std::to_string(window_ms_);
  const std::array<std::string_view, 1> keys = {k};
  const std::array<std::string_view, 1> args = {window};
  auto reply = context_.redis.Eval(AddFailureScript(), keys, args);
  if (!reply || reply->type != Reply::Type::kInteger) {
    context_.on_fallback(reply ? Malformed() : reply.error());
    return fallback_.Add(key, now_ms);
  }
  return static_cast<int>(reply->integer);
}

int RedisFailureCounts::Count(std::string_view key, std::int64_t now_ms) const {
  const std::string k = Key(key);
  const std::array<std::string_view, 2> get = {"GET", k};
  auto reply = context_.redis.Command(get);
  if (!reply) {
    context_.on_fallback(reply.error());
    return fallback_.Count(key, now_ms);
  }
  if (reply->type != Reply::Type::kString) return 0;  // nil: no failure in the window
  return std::atoi(reply->str.c_str());
}

void RedisFailureCounts::Clear(std::string_view key) {
  fallback_.Clear(key);
  const std::string k = Key(key);
  const std::array<std::string_view, 2> del = {"DEL", k};
  if (auto done = context_.redis.Command(del); !done) context_.on_fallback(done.error());
}

RedisInFlightLimit::RedisInFlightLimit(const SharedCountersContext& context,
                                       InFlightLimit& fallback)
    : context_(context), fallback_(fallback) {}

InFlightLimit::Slot RedisInFlightLimit::Acquire(std::string_view key, int max) {
  const std::string k = context_.prefix + "inflight:" + std::string(key);
  const std::string limit = std::to_string(max);
  const std::array<std::string_view, 1> keys = {k};
  const std::array<std::string_view, 2> args = {limit, kInFlightTtlMs};
  auto reply = context_.redis.Eval(AcquireSlotScript(), keys, args);
  if (!reply || reply->type != Reply::Type::kInteger) {
    context_.on_fallback(reply ? Malformed() : reply.error());
    return fallback_.Acquire(key, max);
  }
  return reply->integer == 1 ? Slot::kShared : Slot::kRefused;
}

void RedisInFlightLimit::Release(std::string_view key, Slot slot) {
  if (slot != Slot::kShared) {
    fallback_.Release(key, slot);
    return;
  }
  const std::string k = context_.prefix + "inflight:" + std::string(key);
  const std::array<std::string_view, 1> keys = {k};
  // A failed release leaves the slot taken until its TTL: never more room.
  if (auto done = context_.redis.Eval(ReleaseSlotScript(), keys, {}); !done) {
    context_.on_fallback(done.error());
  }
}

}  // namespace latchkey::abuse
