#include "features/sessions/session_cache.h"

namespace latchkey::sessions {

SessionCache::SessionCache(std::size_t max_entries, TimeMs ttl_ms)
    : max_entries_(max_entries), ttl_ms_(ttl_ms) {}

std::optional<SessionWithUser> SessionCache::Find(const std::string& token_hash, TimeMs now) const {
  std::lock_guard lock(mutex_);
  if (!live_) return std::nullopt;
  auto it = entries_.find(token_hash);
  if (it == entries_.end() || now - it->second.cached_at >= ttl_ms_) return std::nullopt;
  return it->second.value;
}

SessionCache::Ticket SessionCache::Prepare() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void SessionCache::Put(const std::string& token_hash, const SessionWithUser& value, Ticket ticket,
                       TimeMs now) {
  std::lock_guard lock(mutex_);
  if (!live_ || ticket != generation_) return;  // a write raced our read: do not cache it
  // Full: start over rather than track recency; a miss costs one indexed read.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_.insert_or_assign(token_hash, Entry{value, now});
}

template <class Pred>
void SessionCache::EraseIf(Pred pred) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& item) { return pred(item.first, item.second.value); });
}

void SessionCache::InvalidateToken(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.erase(token_hash);
}

// Linear in the cache size; sign-out and profile changes are rare next to
// session reads, and a scan of 100k entries takes about a millisecond.
void SessionCache::InvalidateSession(const std::string& session_id) {
  EraseIf([&](const std::string&, const SessionWithUser& v) { return v.session.id == session_id; });
}

void SessionCache::InvalidateUser(const std::string& user_id) {
  EraseIf([&](const std::string&, const SessionWithUser& v) { return v.user.id == user_id; });
}

void SessionCache::SetLive(bool live) {
  std::lock_guard lock(mutex_);
  live_ = live;
  ++generation_;
  entries_.clear();
}

std::size_t SessionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace latchkey::sessions
