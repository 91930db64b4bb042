// Time source. Production uses SystemClock; tests inject a FakeClock.
#ifndef LK_CORE_CLOCK_H_
#define LK_CORE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace latchkey {

// Milliseconds since the Unix epoch (what Better Auth dates carry).
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// Thread-safe settable clock for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimeMs start) : now_(start) {}
  TimeMs NowMs() const override { return now_.load(); }
  void Advance(TimeMs ms) { now_ += ms; }
  void Set(TimeMs ms) { now_ = ms; }

 private:
  std::atomic<TimeMs> now_;
};

// JavaScript toISOString(): "2026-11-22T01:30:53.975Z" (always ms, always Z).
std::string FormatIsoTime(TimeMs ms);

}  // namespace latchkey

#endif  // LK_CORE_CLOCK_H_
