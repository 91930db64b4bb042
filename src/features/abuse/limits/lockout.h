// Account lockout: after too many failed attempts on one account, further
// attempts are refused for a while, longer each time it happens again
// (NIST 800-63B §5.2.2, ASVS 2.2.1, docs/operations.md).
//
// Keys are account identities the caller has already normalised (for e-mail:
// NFKC, then lower case). This module compares bytes and never normalises, so
// two spellings of one address that the caller did not fold are two
// accounts, and each gets its own budget.
//
// Password and second-factor failures are counted in separate scopes: a
// correct password must not reset the 2FA counter, and a 2FA lockout must
// not block password changes.
//
// Callers check before doing expensive work (docs/architecture.md: rate limit →
// CAPTCHA → lockout check → password hash), record every failure, and
// record success on a verified credential. Lockout applies on every path that
// authenticates a user (CVE-2026-9798).
//
// A lock must not be a weapon (ASVS 2.2.1): whoever knows an e-mail can
// lock it, so a device the owner signed in from before is counted under its
// own key (DeviceLockoutKey) and a stranger's failures never lock it; an
// attempt admitted during a lock (a solved CAPTCHA) still counts; and a
// password reset clears every lock of the account (Clear).
#ifndef LK_FEATURES_ABUSE_LIMITS_LOCKOUT_H_
#define LK_FEATURES_ABUSE_LIMITS_LOCKOUT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "features/abuse/limits/bounded_table.h"

namespace latchkey::abuse {

enum class LockoutScope { kPassword, kTwoFactor };

struct LockoutPolicy {
  int max_failures = 5;                      // failures that trigger a lock
  std::int64_t failure_window_ms = 900'000;  // counted within this span (15 min)
  std::int64_t base_lock_ms = 300'000;       // first lock (5 min)
  std::int64_t max_lock_ms = 86'400'000;     // doubling stops here (24 h)
  // Repeat locks double (base, 2×base, 4×base, …). The count of past locks
  // ("strikes") is forgotten after this long without a new lock.
  std::int64_t strike_decay_ms = 86'400'000;  // 24 h

  // Password sign-in: 5 failures / 15 min → 5 min, doubling to 24 h.
  static LockoutPolicy PasswordDefaults() { return {}; }
  // Second factor: Better Auth's twoFactor plugin locks after 10 failures for
  // 900 s (ACCOUNT_TEMPORARILY_LOCKED); we keep that first step and add the
  // doubling.
  static LockoutPolicy TwoFactorDefaults() { return {.max_failures = 10, .base_lock_ms = 900'000}; }
};

// The per-account state. Plain data so a shared store can persist it
// (RedisLockoutStore keeps it in a hash, shared_lockout.cc).
struct LockoutState {
  int failures = 0;                  // since window_start_ms
  std::int64_t window_start_ms = 0;  // first failure of the current window
  std::int64_t locked_until_ms = 0;  // 0 = never locked
  int strikes = 0;                   // locks so far, until they decay
};

struct LockStatus {
  bool locked = false;
  std::int64_t retry_after_ms = 0;  // > 0 only when locked
};

// Whether a failure came through the lock (the caller let the attempt past
// an active lock, e.g. for a solved CAPTCHA) or arrived while unlocked.
enum class FailureAdmission { kNormal, kThroughLock };

// The policy as pure functions of (state, now); stores apply them atomically.
// A kNormal failure while locked changes nothing (nothing was verified). A
// kThroughLock failure counts like any other: max_failures of them extend
// the lock to at least now + the next doubled duration.
LockoutState ApplyFailure(const LockoutPolicy& policy, LockoutState state, std::int64_t now_ms,
                          FailureAdmission admission = FailureAdmission::kNormal);
// Clears the failure count. Strikes stay until they decay: a user who signs
// in between bursts of guessing must not reset the attacker's back-off.
LockoutState ApplySuccess(LockoutState state);
LockStatus StatusAt(const LockoutState& state, std::int64_t now_ms);
// After this time the state is equivalent to a fresh one and may be dropped.
std::int64_t ExpiresAt(const LockoutPolicy& policy, const LockoutState& state);

// A 429 ACCOUNT_TEMPORARILY_LOCKED error carrying Retry-After.
Error AccountLockedError(const LockStatus& status);

// The key under which a recognised device of `account_key` keeps its own
// failures and lock. `device` is a server-side keyed hash of the device
// cookie, never the cookie itself.
std::string DeviceLockoutKey(std::string_view account_key, std::string_view device);
// The account of a DeviceLockoutKey(), or nothing for an account's own key.
std::optional<std::string_view> DeviceLockoutAccount(std::string_view key);

class LockoutStore {
 public:
  virtual ~LockoutStore() = default;
  // Counts a failed attempt and returns the status after it. kNormal
  // failures while locked are not counted (the caller should not have
  // verified anything) and do not extend the lock; see ApplyFailure().
  virtual LockStatus RecordFailure(LockoutScope scope, std::string_view account_key,
                                   std::int64_t now_ms,
                                   FailureAdmission admission = FailureAdmission::kNormal) = 0;
  virtual void RecordSuccess(LockoutScope scope, std::string_view account_key,
                             std::int64_t now_ms) = 0;
  virtual LockStatus Check(LockoutScope scope, std::string_view account_key,
                           std::int64_t now_ms) const = 0;
  // Forgets the account's state in `scope`, its recognised devices' too
  // (DeviceLockoutKey): failures, lock and strikes.
  virtual void Clear(LockoutScope scope, std::string_view account_key) = 0;
};

struct MemoryLockoutStoreOptions {
  LockoutPolicy password = LockoutPolicy::PasswordDefaults();
  LockoutPolicy two_factor = LockoutPolicy::TwoFactorDefaults();
  // When full, expired entries go first, then the soonest-expiring (a single
  // stale failure), so a flood over many accounts cannot unlock a locked one.
  std::size_t max_entries = 100'000;
  std::size_t shards = 32;
  std::int64_t sweep_interval_ms = 10'000;
};

// Thread-safety: safe for concurrent use; RecordFailure is atomic per key,
// so N parallel failures count exactly N.
class MemoryLockoutStore final : public LockoutStore {
 public:
  explicit MemoryLockoutStore(const MemoryLockoutStoreOptions& options = {});

  LockStatus RecordFailure(LockoutScope scope, std::string_view account_key, std::int64_t now_ms,
                           FailureAdmission admission = FailureAdmission::kNormal) override;
  void RecordSuccess(LockoutScope scope, std::string_view account_key,
                     std::int64_t now_ms) override;
  LockStatus Check(LockoutScope scope, std::string_view account_key,
                   std::int64_t now_ms) const override;
  void Clear(LockoutScope scope, std::string_view account_key) override;

  std::size_t size() const { return table_.size(); }
  std::size_t capacity() const { return table_.capacity(); }

 private:
  struct Entry {
    LockoutState state;
    std::int64_t expires_at = 0;
    std::int64_t expires_at_ms() const { return expires_at; }
  };
  const LockoutPolicy& PolicyFor(LockoutScope scope) const;

  const MemoryLockoutStoreOptions options_;
  mutable internal::BoundedTable<Entry> table_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_LOCKOUT_H_
