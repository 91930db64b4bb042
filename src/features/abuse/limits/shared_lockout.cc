// The shared lockout store: lockout.cc's transitions, in Lua, applied
// atomically to one hash per account and scope (fields f: failures, w:
// window start, l: locked until, s: strikes), expiring when ExpiresAt()
// says the state is as good as fresh. Keep the two in step: the unit test
// runs both on the same sequences (shared_counters_test.cc).
#include <array>
#include <cstdlib>

#include "features/abuse/limits/shared_counters.h"
#include "store/redis/redis_errors.h"

namespace latchkey::abuse {
namespace {

using store::redis::Reply;
using store::redis::Script;

// KEYS[1]: the state; KEYS[2]: the account's set of device keys.
// ARGV: now, through-lock (0|1), max_failures, failure_window, base_lock,
// max_lock, strike_decay, and the device member ("" for the account's own
// key). Returns the lock's remaining ms (0 = not locked).
const Script& FailureScript() {
  static const Script script(R"lua(
local now = tonumber(ARGV[1])
local through = ARGV[2] == '1'
local max_failures, window = tonumber(ARGV[3]), tonumber(ARGV[4])
local base, max_lock, decay = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local st = redis.call('HMGET', KEYS[1], 'f', 'w', 'l', 's')
local f, w = tonumber(st[1] or '0'), tonumber(st[2] or '0')
local l, s = tonumber(st[3] or '0'), tonumber(st[4] or '0')
if l > now and not through then return l - now end
if s > 0 and now - l >= decay then s = 0 end
if f == 0 or now - w >= window then f = 0; w = now end
f = f + 1
if f >= max_failures then
  local d, i = base, 0
  while i < s and d < max_lock do d = d * 2; i = i + 1 end
  if d > max_lock then d = max_lock end
  if now + d > l then l = now + d end
  s = s + 1; f = 0; w = 0
end
local e = l
if s > 0 then e = l + decay end
if f > 0 and w + window > e then e = w + window end
if e > now then
  redis.call('HSET', KEYS[1], 'f', f, 'w', string.format('%d', w), 'l', string.format('%d', l), 's', s)
  redis.call('PEXPIRE', KEYS[1], string.format('%d', e - now))
  if ARGV[8] ~= '' then
    redis.call('SADD', KEYS[2], ARGV[8])
    if redis.call('PTTL', KEYS[2]) < e - now then
      redis.call('PEXPIRE', KEYS[2], string.format('%d', e - now))
    end
  end
end
if l > now then return l - now end
return 0
)lua");
  return script;
}

// KEYS[1]: the state. ARGV: now, failure_window, strike_decay. Clears the
// failure count (ApplySuccess); strikes stay until they decay.
const Script& SuccessScript() {
  static const Script script(R"lua(
local st = redis.call('HMGET', KEYS[1], 'l', 's')
if not st[1] then return 0 end
local now, decay = tonumber(ARGV[1]), tonumber(ARGV[3])
local l, s = tonumber(st[1]), tonumber(st[2])
local e = l
if s > 0 then e = l + decay end
if e <= now then redis.call('DEL', KEYS[1]); return 0 end
redis.call('HSET', KEYS[1], 'f', 0, 'w', 0)
redis.call('PEXPIRE', KEYS[1], string.format('%d', e - now))
return 1
)lua");
  return script;
}

// KEYS[1]: the state; KEYS[2]: the device set; ARGV[1]: the state key
// prefix of the devices. Deletes the account's state and its devices'.
const Script& ClearScript() {
  static const Script script(R"lua(
for _, device in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('DEL', ARGV[1] .. device)
end
return redis.call('DEL', KEYS[1], KEYS[2])
)lua");
  return script;
}

std::string_view ScopeName(LockoutScope scope) {
  return scope == LockoutScope::kPassword ? "pw" : "2fa";
}

}  // namespace

RedisLockoutStore::RedisLockoutStore(const SharedCountersContext& context,
                                     const MemoryLockoutStoreOptions& policies,
                                     LockoutStore& fallback)
    : context_(context), policies_(policies), fallback_(fallback) {}

const LockoutPolicy& RedisLockoutStore::PolicyFor(LockoutScope scope) const {
  return scope == LockoutScope::kPassword ? policies_.password : policies_.two_factor;
}

std::string RedisLockoutStore::StateKey(LockoutScope scope, std::string_view key) const {
  std::string out = context_.prefix + "lock:";
  out.append(ScopeName(scope)).push_back('|');
  return out.append(key);
}

std::string RedisLockoutStore::DeviceSetKey(LockoutScope scope, std::string_view key) const {
  std::string out = context_.prefix + "lockdev:";
  out.append(ScopeName(scope)).push_back('|');
  return out.append(key);
}

LockStatus RedisLockoutStore::RecordFailure(LockoutScope scope, std::string_view account_key,
                                            std::int64_t now_ms, FailureAdmission admission) {
  const LockoutPolicy& p = PolicyFor(scope);
  const auto account = DeviceLockoutAccount(account_key);
  const std::string state = StateKey(scope, account_key);
  const std::string devices = DeviceSetKey(scope, account.value_or(account_key));
  const std::array<std::string, 7> numbers = {
      std::to_string(now_ms),           admission == FailureAdmission::kThroughLock ? "1" : "0",
      std::to_string(p.max_failures),   std::to_string(p.failure_window_ms),
      std::to_string(p.base_lock_ms),   std::to_string(p.max_lock_ms),
      std::to_string(p.strike_decay_ms)};
  const std::array<std::string_view, 2> keys = {state, devices};
  const std::array<std::string_view, 8> args = {
      numbers[0], numbers[1], numbers[2], numbers[3],
      numbers[4], numbers[5], numbers[6], account ? account_key : std::string_view()};
  auto reply = context_.redis.Eval(FailureScript(), keys, args);
  if (!reply || reply->type != Reply::Type::kInteger) {
    context_.on_fallback(reply ? MakeError(store::redis::kRedisCommandFailed, "unexpected reply")
                               : reply.error());
    return fallback_.RecordFailure(scope, account_key, now_ms, admission);
  }
  if (reply->integer <= 0) return {};
  return LockStatus{.locked = true, .retry_after_ms = reply->integer};
}

void RedisLockoutStore::RecordSuccess(LockoutScope scope, std::string_view account_key,
                                      std::int64_t now_ms) {
  fallback_.RecordSuccess(scope, account_key, now_ms);
  const LockoutPolicy& p = PolicyFor(scope);
  const std::string state = StateKey(scope, account_key);
  const std::string now = std::to_string(now_ms);
  const std::string window = std::to_string(p.failure_window_ms);
  const std::string decay = std::to_string(p.strike_decay_ms);
  const std::array<std::string_view, 1> keys = {state};
  const std::array<std::string_view, 3> args = {now, window, decay};
  if (auto done = context_.redis.Eval(SuccessScript(), keys, args); !done) {
    context_.on_fallback(done.error());
  }
}

LockStatus RedisLockoutStore::Check(LockoutScope scope, std::string_view account_key,
                                    std::int64_t now_ms) const {
  const std::string state = StateKey(scope, account_key);
  const std::array<std::string_view, 3> hget = {"HGET", state, "l"};
  auto reply = context_.redis.Command(hget);
  if (!reply) {
    context_.on_fallback(reply.error());
    return fallback_.Check(scope, account_key, now_ms);
  }
  LockoutState shared;
  if (reply->type == Reply::Type::kString) shared.locked_until_ms = std::atoll(reply->str.c_str());
  // A lock this node took while Redis was down still holds here.
  const LockStatus local = fallback_.Check(scope, account_key, now_ms);
  const LockStatus status = StatusAt(shared, now_ms);
  return local.retry_after_ms > status.retry_after_ms ? local : status;
}

void RedisLockoutStore::Clear(LockoutScope scope, std::string_view account_key) {
  fallback_.Clear(scope, account_key);
  const std::string state = StateKey(scope, account_key);
  const std::string devices = DeviceSetKey(scope, account_key);
  const std::string device_prefix = StateKey(scope, "");
  const std::array<std::string_view, 2> keys = {state, devices};
  const std::array<std::string_view, 1> args = {device_prefix};
  if (auto done = context_.redis.Eval(ClearScript(), keys, args); !done) {
    context_.on_fallback(done.error());
  }
}

}  // namespace latchkey::abuse
