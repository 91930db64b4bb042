// ns/op of the in-memory abuse counters, the per-request cost the rate-limit
// stage adds. Cases: one hot key (all threads on one shard mutex), many keys
// (spread over shards, the normal case), and a full table under a rotation
// flood (every hit inserts and eviction runs).
//   usage: rate_limiter_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <atomic>
#include <string>
#include <vector>

#include "features/abuse/limits/lockout.h"
#include "features/abuse/limits/memory_rate_limiter.h"

namespace {

using latchkey::abuse::LockoutScope;
using latchkey::abuse::MemoryLockoutStore;
using latchkey::abuse::MemoryRateLimiter;
using latchkey::abuse::Rule;

constexpr std::int64_t kT0 = 1'800'000'000'000;
constexpr Rule kRule{1'000'000, 1'000'000'000};  // 1 us per hit: never denies here

std::vector<std::string> Keys(int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) keys.push_back("2001:db8:" + std::to_string(i) + "::/64|/sign-in*");
  return keys;
}

void BM_HitSameKey(benchmark::State& state) {
  static MemoryRateLimiter limiter;
  for (auto _ : state) benchmark::DoNotOptimize(limiter.Hit("192.0.2.1|*", kRule, kT0));
}
BENCHMARK(BM_HitSameKey)->Threads(1)->Threads(2);

void BM_HitManyKeys(benchmark::State& state) {
  static MemoryRateLimiter limiter;
  static const std::vector<std::string> keys = Keys(10'000);
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7919;
  for (auto _ : state) {
    benchmark::DoNotOptimize(limiter.Hit(keys[i++ % keys.size()], kRule, kT0));
  }
}
BENCHMARK(BM_HitManyKeys)->Threads(1)->Threads(2);

void BM_HitRotationFlood(benchmark::State& state) {
  static MemoryRateLimiter limiter({.max_entries = 10'000});
  static std::atomic<std::int64_t> counter{0};
  const Rule rule{3'600'000, 100};
  std::string key;
  for (auto _ : state) {
    key = "2001:db8:" + std::to_string(counter.fetch_add(1, std::memory_order_relaxed)) + "::/64";
    benchmark::DoNotOptimize(limiter.Hit(key, rule, kT0));
  }
}
BENCHMARK(BM_HitRotationFlood)->Threads(1)->Threads(2);

void BM_LockoutCheck(benchmark::State& state) {
  static MemoryLockoutStore store;
  for (auto _ : state) {
    benchmark::DoNotOptimize(store.Check(LockoutScope::kPassword, "alice@example.com", kT0));
  }
}
BENCHMARK(BM_LockoutCheck)->Threads(1)->Threads(2);

}  // namespace
