#include "features/api_keys/api_key_cache.h"

namespace latchkey::api_keys {

std::optional<VerifiedKey> ApiKeyCache::Find(const std::string& key_hash, TimeMs now) const {
  std::lock_guard lock(mutex_);
  if (!live_) return std::nullopt;
  auto it = entries_.find(key_hash);
  if (it == entries_.end() || now - it->second.cached_at >= ttl_ms_) return std::nullopt;
  return it->second.value;
}

ApiKeyCache::Ticket ApiKeyCache::Prepare() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void ApiKeyCache::Put(const std::string& key_hash, const VerifiedKey& value, Ticket ticket,
                      TimeMs now) {
  std::lock_guard lock(mutex_);
  if (!live_ || ticket != generation_) return;  // a write raced our read: do not cache it
  // Full: start over rather than track recency; a miss costs one indexed read.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_.insert_or_assign(key_hash, Entry{value, now});
}

template <class Pred>
void ApiKeyCache::EraseIf(Pred pred) {
  std::lock_guard lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& item) { return pred(item.second.value); });
}

// Linear scans: key and user changes are rare next to key uses.
void ApiKeyCache::InvalidateKey(const std::string& key_id) {
  EraseIf([&](const VerifiedKey& v) { return v.key.id == key_id; });
}

void ApiKeyCache::InvalidateOwner(const std::string& user_id) {
  EraseIf([&](const VerifiedKey& v) { return v.owner.id == user_id; });
}

void ApiKeyCache::SetLive(bool live) {
  std::lock_guard lock(mutex_);
  live_ = live;
  ++generation_;
  entries_.clear();
}

bool ApiKeyCache::ClaimLastRequestWrite(const std::string& key_hash, TimeMs now, TimeMs every_ms) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key_hash);
  if (it == entries_.end()) return true;
  if (it->second.last_request_written != 0 && now - it->second.last_request_written < every_ms) {
    return false;
  }
  it->second.last_request_written = now;
  return true;
}

}  // namespace latchkey::api_keys
