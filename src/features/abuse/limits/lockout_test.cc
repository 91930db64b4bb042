#include "features/abuse/limits/lockout.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace latchkey::abuse {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr auto kPw = LockoutScope::kPassword;
constexpr auto k2fa = LockoutScope::kTwoFactor;

// Fails `n` times at `now`; returns the last status.
LockStatus FailTimes(LockoutStore& store, LockoutScope scope, std::string_view key, int n,
                     std::int64_t now) {
  LockStatus status;
  for (int i = 0; i < n; ++i) status = store.RecordFailure(scope, key, now);
  return status;
}

// Pins: NIST 800-63B §5.2.2 and ASVS 2.2.1 (throttle online guessing per
// account), docs/operations.md.
TEST(LockoutTest, LocksAfterFiveFailuresForFiveMinutes) {
  MemoryLockoutStore store;
  EXPECT_FALSE(FailTimes(store, kPw, "alice@example.com", 4, kT0).locked);
  EXPECT_FALSE(store.Check(kPw, "alice@example.com", kT0).locked);
  LockStatus fifth = store.RecordFailure(kPw, "alice@example.com", kT0 + 1000);
  EXPECT_TRUE(fifth.locked);
  EXPECT_EQ(fifth.retry_after_ms, 5 * kMinute);
  LockStatus check = store.Check(kPw, "alice@example.com", kT0 + 61'000);
  EXPECT_TRUE(check.locked);
  EXPECT_EQ(check.retry_after_ms, 4 * kMinute);
  EXPECT_FALSE(store.Check(kPw, "alice@example.com", kT0 + 1000 + 5 * kMinute).locked);
  EXPECT_FALSE(store.Check(kPw, "bob@example.com", kT0).locked);
}

TEST(LockoutTest, FailuresOutsideTheWindowDoNotAccumulate) {
  MemoryLockoutStore store;
  for (int i = 0; i < 20; ++i) {
    // Four failures every 16 minutes: never five inside one 15-minute window.
    EXPECT_FALSE(FailTimes(store, kPw, "a", 4, kT0 + i * 16 * kMinute).locked) << i;
  }
}

TEST(LockoutTest, FailuresWhileLockedNeitherCountNorExtend) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a", 5, kT0);
  LockStatus during = FailTimes(store, kPw, "a", 50, kT0 + kMinute);
  EXPECT_EQ(during.retry_after_ms, 4 * kMinute);
  EXPECT_FALSE(store.Check(kPw, "a", kT0 + 5 * kMinute).locked);
  // The lock's end starts a fresh count: one failure does not re-lock.
  EXPECT_FALSE(store.RecordFailure(kPw, "a", kT0 + 5 * kMinute).locked);
}

TEST(LockoutTest, RepeatLocksDoubleUpToTheCap) {
  MemoryLockoutStore store;
  std::int64_t now = kT0;
  const std::int64_t expected_minutes[] = {5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440};
  for (std::int64_t minutes : expected_minutes) {
    LockStatus status = FailTimes(store, kPw, "a", 5, now);
    ASSERT_TRUE(status.locked);
    EXPECT_EQ(status.retry_after_ms, minutes * kMinute);
    now += status.retry_after_ms;  // the lock ends, the attacker resumes at once
  }
}

TEST(LockoutTest, StrikesDecayAfterAQuietDay) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a", 5, kT0);                // 5 min
  FailTimes(store, kPw, "a", 5, kT0 + 5 * kMinute);  // 10 min
  const std::int64_t lock_end = kT0 + 15 * kMinute;
  EXPECT_EQ(FailTimes(store, kPw, "a", 5, lock_end + 23 * kHour).retry_after_ms, 20 * kMinute);
  const std::int64_t later = lock_end + 23 * kHour + 20 * kMinute + 24 * kHour;
  EXPECT_EQ(FailTimes(store, kPw, "a", 5, later).retry_after_ms, 5 * kMinute);
}

// Pins: NIST 800-63B §5.2.2 ("successful login SHOULD clear failures").
TEST(LockoutTest, SuccessClearsFailuresButKeepsStrikes) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a", 4, kT0);
  store.RecordSuccess(kPw, "a", kT0 + 1);
  EXPECT_FALSE(FailTimes(store, kPw, "a", 4, kT0 + 2).locked);
  EXPECT_TRUE(store.RecordFailure(kPw, "a", kT0 + 3).locked);

  // After the 5-minute lock a success clears the count, but a new burst is
  // still punished with the doubled lock: the attacker's back-off persists.
  const std::int64_t after = kT0 + 3 + 5 * kMinute;
  store.RecordSuccess(kPw, "a", after);
  EXPECT_EQ(FailTimes(store, kPw, "a", 5, after + 1).retry_after_ms, 10 * kMinute);
  // Success on an unknown key is a no-op and stores nothing.
  const std::size_t before = store.size();
  store.RecordSuccess(kPw, "nobody", kT0);
  EXPECT_EQ(store.size(), before);
}

TEST(LockoutTest, PasswordAndTwoFactorScopesAreSeparate) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a", 5, kT0);
  EXPECT_TRUE(store.Check(kPw, "a", kT0).locked);
  EXPECT_FALSE(store.Check(k2fa, "a", kT0).locked);
  // Better Auth: 10 2FA failures → ACCOUNT_TEMPORARILY_LOCKED for 900 s.
  EXPECT_FALSE(FailTimes(store, k2fa, "b", 9, kT0).locked);
  LockStatus locked = store.RecordFailure(k2fa, "b", kT0);
  EXPECT_TRUE(locked.locked);
  EXPECT_EQ(locked.retry_after_ms, 900'000);
  EXPECT_FALSE(store.Check(kPw, "b", kT0).locked);
  store.RecordSuccess(kPw, "b", kT0);  // a right password does not unlock 2FA
  EXPECT_TRUE(store.Check(k2fa, "b", kT0).locked);
}

TEST(LockoutTest, LockedErrorCarriesRetryAfter) {
  Error error = AccountLockedError(LockStatus{.locked = true, .retry_after_ms = 299'001});
  EXPECT_EQ(error.code, "ACCOUNT_TEMPORARILY_LOCKED");
  EXPECT_EQ(error.kind, ErrorKind::kRateLimited);
  EXPECT_EQ(error.retry_after_seconds, 300);
}

// Pins: docs/operations.md and F14 ("parallel wrong passwords → lockout
// count exact").
TEST(LockoutTest, ParallelFailuresCountExactly) {
  MemoryLockoutStoreOptions options;
  options.password.max_failures = 1000;
  MemoryLockoutStore store(options);
  std::vector<std::thread> threads;
  std::atomic<int> locks{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) {
        if (store.RecordFailure(kPw, "victim", kT0).locked) locks.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // 2000 failures: the 1000th locks; the other 1000 arrive while locked.
  EXPECT_EQ(locks.load(), 1001);
  EXPECT_TRUE(store.Check(kPw, "victim", kT0).locked);
}

// Pins: ASVS 2.2.1 (stuffing across many accounts): memory stays bounded,
// and the flood cannot evict (and so unlock) a locked account.
TEST(LockoutTest, BoundedMemoryKeepsLockedAccounts) {
  MemoryLockoutStore store({.max_entries = 2'000, .shards = 8});
  FailTimes(store, kPw, "victim", 5, kT0);
  for (int i = 0; i < 200'000; ++i) {
    store.RecordFailure(kPw, "user" + std::to_string(i) + "@example.com", kT0 + 1);
  }
  EXPECT_LE(store.size(), store.capacity());
  EXPECT_LE(store.capacity(), 2'000u);
  EXPECT_TRUE(store.Check(kPw, "victim", kT0 + 2).locked);
}

// Pins: ASVS 2.2.1 (lockout must not be a weapon). A device the owner signed
// in from keeps its own count: a stranger's failures lock only the shared
// key, and the owner's device is never locked by them.
TEST(LockoutTest, KnownDeviceKeepsItsOwnCountAndLock) {
  MemoryLockoutStore store;
  const std::string device = DeviceLockoutKey("alice@example.com", "0a1b2c");
  FailTimes(store, kPw, "alice@example.com", 50, kT0);
  EXPECT_TRUE(store.Check(kPw, "alice@example.com", kT0).locked);
  EXPECT_FALSE(store.Check(kPw, device, kT0).locked);
  // The device's own failures lock only the device.
  EXPECT_TRUE(FailTimes(store, kPw, device, 5, kT0 + kMinute).locked);
  EXPECT_FALSE(store.Check(kPw, DeviceLockoutKey("alice@example.com", "ffff"), kT0).locked);
  EXPECT_NE(device, "alice@example.com");
}

// Pins: ASVS 2.2.1. An attempt a solved CAPTCHA let through a lock still
// counts: max_failures of them extend the lock by the next doubled step,
// and never shorten it.
TEST(LockoutTest, FailuresThroughTheLockCountAndExtendIt) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a", 5, kT0);  // locked 5 min, strike 1
  const auto through = FailureAdmission::kThroughLock;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(store.RecordFailure(kPw, "a", kT0 + kMinute, through).retry_after_ms, 4 * kMinute);
  }
  LockStatus extended = store.RecordFailure(kPw, "a", kT0 + kMinute, through);
  EXPECT_EQ(extended.retry_after_ms, 10 * kMinute);  // now + the doubled 10 min
  // The pure function: a kNormal failure in a lock changes nothing.
  const LockoutPolicy policy = LockoutPolicy::PasswordDefaults();
  LockoutState locked{.locked_until_ms = kT0 + kHour, .strikes = 1};
  LockoutState same = ApplyFailure(policy, locked, kT0);
  EXPECT_EQ(same.failures, 0);
  EXPECT_EQ(ApplyFailure(policy, locked, kT0, through).failures, 1);
  // Five through a long lock: never shortened to the 10-minute step.
  for (int i = 0; i < 5; ++i) locked = ApplyFailure(policy, locked, kT0, through);
  EXPECT_EQ(locked.locked_until_ms, kT0 + kHour);
  EXPECT_EQ(locked.strikes, 2);
}

// Pins: ASVS 2.2.1. A password reset lifts the lock: the account's and its
// devices' locks, failures and strikes go; look-alike keys stay.
TEST(LockoutTest, ClearForgetsTheAccountAndItsDevicesOnly) {
  MemoryLockoutStore store;
  FailTimes(store, kPw, "a@x.co", 5, kT0);
  FailTimes(store, kPw, DeviceLockoutKey("a@x.co", "d1"), 5, kT0);
  FailTimes(store, kPw, "a@x.com", 5, kT0);
  FailTimes(store, k2fa, "a@x.co", 10, kT0);
  store.Clear(kPw, "a@x.co");
  EXPECT_FALSE(store.Check(kPw, "a@x.co", kT0).locked);
  EXPECT_FALSE(store.Check(kPw, DeviceLockoutKey("a@x.co", "d1"), kT0).locked);
  EXPECT_TRUE(store.Check(kPw, "a@x.com", kT0).locked);
  EXPECT_TRUE(store.Check(k2fa, "a@x.co", kT0).locked);
  // Strikes went too: the next lock is the base 5 minutes again.
  EXPECT_EQ(FailTimes(store, kPw, "a@x.co", 5, kT0 + 1).retry_after_ms, 5 * kMinute);
}

TEST(LockoutTest, PurePolicyFunctions) {
  const LockoutPolicy policy = LockoutPolicy::PasswordDefaults();
  LockoutState state;
  EXPECT_EQ(ExpiresAt(policy, state), 0);
  state = ApplyFailure(policy, state, kT0);
  EXPECT_EQ(state.failures, 1);
  EXPECT_EQ(ExpiresAt(policy, state), kT0 + 15 * kMinute);
  state = ApplySuccess(state);
  EXPECT_EQ(ExpiresAt(policy, state), 0);
  EXPECT_FALSE(StatusAt(state, kT0).locked);
}

}  // namespace
}  // namespace latchkey::abuse
