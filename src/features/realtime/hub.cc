// Sockets are few per user, so lookups by session or token scan all open
// sockets; invalidations are rare next to requests, and a scan of 10k
// entries under the lock takes well under a millisecond.
#include "features/realtime/hub.h"

#include <algorithm>

namespace latchkey::realtime {

bool Hub::Reserve(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t& held = held_[user_id];
  if (held >= max_per_user_) {
    if (held == 0) held_.erase(user_id);
    return false;
  }
  ++held;
  return true;
}

void Hub::Release(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = held_.find(user_id);
  if (it == held_.end()) return;
  if (--it->second == 0) held_.erase(it);
}

Hub::SocketId Hub::Add(Principal principal, std::shared_ptr<http::WebSocketSession> session) {
  std::lock_guard<std::mutex> lock(mu_);
  const SocketId id = next_id_++;
  by_user_[principal.user_id].push_back(id);
  sockets_.emplace(id, Socket{id, std::move(principal), std::move(session)});
  return id;
}

void Hub::Clear() {
  std::unordered_map<SocketId, Socket> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    dropped.swap(sockets_);
    by_user_.clear();
    held_.clear();
  }
  // The sessions go here, outside the lock.
}

bool Hub::Remove(SocketId id) {
  std::string user_id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sockets_.find(id);
    if (it == sockets_.end()) return false;
    user_id = std::move(it->second.principal.user_id);
    sockets_.erase(it);
    auto& ids = by_user_[user_id];
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    if (ids.empty()) by_user_.erase(user_id);
  }
  Release(user_id);
  return true;
}

template <class Pred>
std::vector<Hub::Socket> Hub::Select(Pred pred) const {
  std::vector<Socket> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, socket] : sockets_) {
    if (pred(socket.principal)) out.push_back(socket);
  }
  return out;
}

std::vector<Hub::Socket> Hub::ByUser(const std::string& user_id) const {
  std::vector<Socket> out;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_user_.find(user_id);
  if (it == by_user_.end()) return out;
  for (SocketId id : it->second) out.push_back(sockets_.at(id));
  return out;
}

std::vector<Hub::Socket> Hub::BySession(const std::string& session_id) const {
  return Select([&](const Principal& p) { return p.session_id == session_id; });
}

std::vector<Hub::Socket> Hub::ByTokenHash(const std::string& token_hash) const {
  return Select([&](const Principal& p) { return p.token_hash == token_hash; });
}

std::vector<Hub::Socket> Hub::ExpiredAt(TimeMs now) const {
  return Select([&](const Principal& p) { return p.expires_at <= now; });
}

std::vector<Hub::Socket> Hub::All() const {
  return Select([](const Principal&) { return true; });
}

TimeMs Hub::NextExpiry() const {
  std::lock_guard<std::mutex> lock(mu_);
  TimeMs next = 0;
  for (const auto& [id, socket] : sockets_) {
    const TimeMs at = socket.principal.expires_at;
    if (next == 0 || at < next) next = at;
  }
  return next;
}

void Hub::Update(SocketId id, TimeMs expires_at, const std::string& user_json) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sockets_.find(id);
  if (it == sockets_.end()) return;
  it->second.principal.expires_at = expires_at;
  it->second.principal.user_json = user_json;
}

std::size_t Hub::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sockets_.size();
}

std::size_t Hub::held(const std::string& user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = held_.find(user_id);
  return it == held_.end() ? 0 : it->second;
}

}  // namespace latchkey::realtime
