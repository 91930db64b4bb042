#include "features/abuse/abuse_sampler.h"

namespace latchkey::abuse {

int FailureCounter::Add(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  // Bounded: when full, start over. Losing counts only delays a CAPTCHA; the
  // lockout and the rate limiter keep their own bounded, evicting tables.
  if (entries_.size() >= max_keys_ && !entries_.contains(key)) entries_.clear();
  Entry& e = entries_[key];
  if (now_ms - e.window_start >= window_ms_) e = Entry{0, now_ms};
  return ++e.count;
}

int FailureCounter::Count(const std::string& key, std::int64_t now_ms) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now_ms - it->second.window_start >= window_ms_) return 0;
  return it->second.count;
}

void FailureCounter::Clear(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

bool AuditSampler::ShouldRecord(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (last_.size() >= max_keys_ && !last_.contains(key)) last_.clear();
  auto [it, inserted] = last_.try_emplace(key, now_ms);
  if (inserted) return true;
  if (now_ms - it->second < interval_ms_) return false;
  it->second = now_ms;
  return true;
}

}  // namespace latchkey::abuse
