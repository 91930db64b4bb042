// The retention of the audit trail (docs/audit.md "Retention"): a thread
// that deletes events older than audit_retention_days, in bounded batches
// (one short write transaction each, so sign-ins never wait long behind
// it), once at start and then every interval.
// Thread-safety: Start()/Stop() from one thread; RunOnce() from any.
#ifndef LK_FEATURES_AUDIT_AUDIT_PURGE_H_
#define LK_FEATURES_AUDIT_AUDIT_PURGE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "store/store.h"

namespace latchkey::audit {

class Purger {
 public:
  struct Options {
    int retention_days = 365;  // > 0
    std::chrono::milliseconds interval{std::chrono::hours(1)};
    int batch = 1000;  // rows per DELETE
  };

  Purger(store::Store& store, const Clock& clock, Options options)
      : store_(store), clock_(clock), options_(options) {}
  Purger(const Purger&) = delete;
  Purger& operator=(const Purger&) = delete;
  ~Purger() { Stop(); }

  void Start();
  // Returns once the thread has ended (a batch in progress finishes first).
  void Stop();
  // Deletes every event past the retention, batch by batch; returns how
  // many. A failing batch ends the pass (logged; the next pass retries).
  std::int64_t RunOnce();

 private:
  void Loop();
  bool Stopping();

  store::Store& store_;
  const Clock& clock_;
  const Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_PURGE_H_
