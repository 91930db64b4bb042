#include "features/audit/audit_purge.h"

#include "features/audit/audit_query.h"
#include "observability/log.h"

namespace latchkey::audit {

void Purger::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Purger::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Purger::Stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

std::int64_t Purger::RunOnce() {
  constexpr TimeMs kDayMs = 86'400'000;
  const TimeMs cutoff = clock_.NowMs() - options_.retention_days * kDayMs;
  std::int64_t total = 0;
  for (;;) {
    Result<std::int64_t> deleted = PurgeBefore(store_, cutoff, options_.batch);
    if (!deleted) {
      log::Warn("audit purge failed", {{"detail", deleted.error().detail}});
      break;
    }
    total += *deleted;
    if (*deleted < options_.batch || Stopping()) break;
  }
  if (total > 0) {
    log::Info("audit events purged",
              {{"rows", total}, {"retention_days", options_.retention_days}});
  }
  return total;
}

void Purger::Loop() {
  for (;;) {
    RunOnce();
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
  }
}

}  // namespace latchkey::audit
