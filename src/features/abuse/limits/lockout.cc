// Lockout policy transitions and the in-memory store. The transitions are
// pure so a Redis or SQL store can reproduce them exactly inside its own
// atomic update.
#include "features/abuse/limits/lockout.h"

#include <algorithm>
#include <string>

#include "features/abuse/limits/errors.h"

namespace latchkey::abuse {
namespace {

// base × 2^strikes, capped, without overflowing on large strike counts.
std::int64_t LockDuration(const LockoutPolicy& policy, int strikes) {
  std::int64_t duration = policy.base_lock_ms;
  for (int i = 0; i < strikes && duration < policy.max_lock_ms; ++i) duration *= 2;
  return std::min(duration, policy.max_lock_ms);
}

// Cannot occur in a valid e-mail's domain, so no account key is a device
// key of another account.
constexpr std::string_view kDeviceSeparator = " device:";

std::string ScopedKey(LockoutScope scope, std::string_view account_key) {
  std::string key(scope == LockoutScope::kPassword ? "pw|" : "2fa|");
  key.append(account_key);
  return key;
}

}  // namespace

LockoutState ApplyFailure(const LockoutPolicy& policy, LockoutState state, std::int64_t now_ms,
                          FailureAdmission admission) {
  const bool locked = state.locked_until_ms > now_ms;
  if (locked && admission == FailureAdmission::kNormal) return state;
  if (state.strikes > 0 && now_ms - state.locked_until_ms >= policy.strike_decay_ms) {
    state.strikes = 0;
  }
  if (state.failures == 0 || now_ms - state.window_start_ms >= policy.failure_window_ms) {
    state.failures = 0;
    state.window_start_ms = now_ms;
  }
  if (++state.failures >= policy.max_failures) {
    // Through a lock, a new lock may only extend the current one.
    state.locked_until_ms =
        std::max(state.locked_until_ms, now_ms + LockDuration(policy, state.strikes));
    ++state.strikes;
    state.failures = 0;
    state.window_start_ms = 0;
  }
  return state;
}

LockoutState ApplySuccess(LockoutState state) {
  state.failures = 0;
  state.window_start_ms = 0;
  return state;
}

LockStatus StatusAt(const LockoutState& state, std::int64_t now_ms) {
  if (state.locked_until_ms <= now_ms) return {};
  return LockStatus{.locked = true, .retry_after_ms = state.locked_until_ms - now_ms};
}

std::int64_t ExpiresAt(const LockoutPolicy& policy, const LockoutState& state) {
  std::int64_t expires = state.locked_until_ms;
  if (state.strikes > 0) expires = state.locked_until_ms + policy.strike_decay_ms;
  if (state.failures > 0) {
    expires = std::max(expires, state.window_start_ms + policy.failure_window_ms);
  }
  return expires;
}

Error AccountLockedError(const LockStatus& status) {
  Error error = MakeError(kAccountLocked);
  error.retry_after_seconds =
      static_cast<int>(std::max<std::int64_t>(1, (status.retry_after_ms + 999) / 1000));
  return error;
}

std::string DeviceLockoutKey(std::string_view account_key, std::string_view device) {
  std::string key(account_key);
  key += kDeviceSeparator;
  key += device;
  return key;
}

std::optional<std::string_view> DeviceLockoutAccount(std::string_view key) {
  const std::size_t at = key.find(kDeviceSeparator);
  if (at == std::string_view::npos) return std::nullopt;
  return key.substr(0, at);
}

MemoryLockoutStore::MemoryLockoutStore(const MemoryLockoutStoreOptions& options)
    : options_(options),
      table_(internal::BoundedTableOptions{.max_entries = options.max_entries,
                                           .shards = options.shards,
                                           .sweep_interval_ms = options.sweep_interval_ms}) {}

const LockoutPolicy& MemoryLockoutStore::PolicyFor(LockoutScope scope) const {
  return scope == LockoutScope::kPassword ? options_.password : options_.two_factor;
}

LockStatus MemoryLockoutStore::RecordFailure(LockoutScope scope, std::string_view account_key,
                                             std::int64_t now_ms, FailureAdmission admission) {
  const LockoutPolicy& policy = PolicyFor(scope);
  return table_.Upsert(ScopedKey(scope, account_key), now_ms, [&](Entry& entry, bool) {
    entry.state = ApplyFailure(policy, entry.state, now_ms, admission);
    entry.expires_at = ExpiresAt(policy, entry.state);
    return StatusAt(entry.state, now_ms);
  });
}

void MemoryLockoutStore::RecordSuccess(LockoutScope scope, std::string_view account_key,
                                       std::int64_t now_ms) {
  const LockoutPolicy& policy = PolicyFor(scope);
  table_.Modify(ScopedKey(scope, account_key), now_ms, [&](Entry& entry) {
    entry.state = ApplySuccess(entry.state);
    entry.expires_at = ExpiresAt(policy, entry.state);
  });
}

LockStatus MemoryLockoutStore::Check(LockoutScope scope, std::string_view account_key,
                                     std::int64_t now_ms) const {
  return table_.Find(ScopedKey(scope, account_key), now_ms, [&](const Entry* entry) {
    return entry ? StatusAt(entry->state, now_ms) : LockStatus{};
  });
}

void MemoryLockoutStore::Clear(LockoutScope scope, std::string_view account_key) {
  const std::string key = ScopedKey(scope, account_key);
  table_.Erase(key);
  table_.ErasePrefix(key + std::string(kDeviceSeparator));
}

}  // namespace latchkey::abuse
