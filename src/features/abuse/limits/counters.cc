#include "features/abuse/limits/counters.h"

namespace latchkey::abuse {

FailureCounter::FailureCounter(std::int64_t window_ms, std::size_t max_keys)
    : window_ms_(window_ms), table_({.max_entries = max_keys}) {}

int FailureCounter::Add(std::string_view key, std::int64_t now_ms) {
  return table_.Upsert(key, now_ms, [&](Entry& e, bool created) {
    if (created) e.expires_at = now_ms + window_ms_;  // a window opens at its first failure
    return ++e.count;
  });
}

int FailureCounter::Count(std::string_view key, std::int64_t now_ms) const {
  return table_.Find(key, now_ms, [](const Entry* e) { return e ? e->count : 0; });
}

void FailureCounter::Clear(std::string_view key) { table_.Erase(key); }

InFlightLimit::Slot MemoryInFlightLimit::Acquire(std::string_view key, int max) {
  std::lock_guard lock(mu_);
  int& running = running_[std::string(key)];
  if (running >= max) return Slot::kRefused;
  ++running;
  return Slot::kLocal;
}

void MemoryInFlightLimit::Release(std::string_view key, Slot slot) {
  if (slot != Slot::kLocal) return;
  std::lock_guard lock(mu_);
  auto it = running_.find(std::string(key));
  if (it == running_.end()) return;
  if (--it->second <= 0) running_.erase(it);
}

AuditSampler::AuditSampler(std::int64_t interval_ms, std::size_t max_keys)
    : interval_ms_(interval_ms), table_({.max_entries = max_keys}) {}

bool AuditSampler::ShouldRecord(std::string_view key, std::int64_t now_ms) {
  return table_.Upsert(key, now_ms, [&](Entry& e, bool created) {
    if (!created) return false;  // recorded within the interval
    e.expires_at = now_ms + interval_ms_;
    return true;
  });
}

}  // namespace latchkey::abuse
