// The delivery worker (docs/webhooks.md "Delivery"): a thread that claims
// due webhook_deliveries rows, sends each signed (Standard Webhooks) through
// the outbound client with a time limit and the SSRF guard, at most
// `concurrency` at once, and records the outcome: delivered on a 2xx,
// otherwise retried with exponential backoff until `max_attempts`, then
// dead. Rows survive a restart: an attempt cut short is retried once its
// lease ends.
// Thread-safety: Start()/Stop() from one thread; Wake() and RunOnce() from
// any.
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_WORKER_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_WORKER_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "features/webhooks/webhook_outbox.h"
#include "features/webhooks/webhook_settings.h"
#include "store/store.h"

namespace latchkey::webhooks {

class Worker {
 public:
  Worker(store::Store& store, const Clock& clock, const WebhookSettings& settings)
      : store_(store), clock_(clock), settings_(settings) {}
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() { Stop(); }

  void Start();
  // Returns once the thread has ended (attempts in flight finish first).
  void Stop();
  // Looks for due deliveries now rather than at the next poll.
  void Wake();
  // One pass: claims and sends one batch. Returns how many were sent.
  int RunOnce();

 private:
  void Loop();
  // Deletes finished rows past webhooks_retention_days, once an hour.
  void PurgeIfDue();
  // One attempt in its own trace; a failure is also an error report.
  Attempt Deliver(const Delivery& delivery) const;
  Attempt DeliverOnce(const Delivery& delivery) const;

  store::Store& store_;
  const Clock& clock_;
  const WebhookSettings& settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;           // GUARDED_BY(mu_)
  bool woken_ = false;              // GUARDED_BY(mu_)
  std::int64_t next_purge_ms_ = 0;  // the worker thread's only
  std::thread thread_;
};

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_WORKER_H_
