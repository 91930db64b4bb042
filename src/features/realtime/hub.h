// The realtime hub: which sockets are open, for which user and session, and
// how many each user may hold. Pure bookkeeping, no I/O: RealtimeService
// decides what to send and when to close.
// Thread-safety: safe for concurrent use (one mutex).
#ifndef LK_FEATURES_REALTIME_HUB_H_
#define LK_FEATURES_REALTIME_HUB_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "http/websocket.h"

namespace latchkey::realtime {

// Who a socket belongs to, as an Authenticator established it.
struct Principal {
  std::string user_id;
  // The session the socket lives and dies with. Session authentication sets
  // all three; a future JWT authenticator may leave token empty (then the
  // socket is not re-checked against the database, only timed out).
  std::string session_id;
  std::string token;       // clear session token: kept in memory to re-resolve
  std::string token_hash;  // crypto::HashToken(token): the key of "t:" invalidations
  TimeMs expires_at = 0;   // the socket closes then unless the session was extended
  std::string user_json;   // the user as last sent, to tell a real change
  bool browser = false;    // the credential was a cookie (needs an Origin)
};

class Hub {
 public:
  using SocketId = std::uint64_t;
  struct Socket {
    SocketId id;
    Principal principal;
    std::shared_ptr<http::WebSocketSession> session;
  };

  explicit Hub(std::size_t max_per_user) : max_per_user_(max_per_user) {}

  // Takes one of the user's slots for a socket about to open. False when the
  // user already holds max_per_user (open or reserved).
  bool Reserve(const std::string& user_id);
  // Gives back a reservation that never became a socket.
  void Release(const std::string& user_id);
  // Turns a reservation into an open socket. REQUIRES: Reserve() succeeded.
  SocketId Add(Principal principal, std::shared_ptr<http::WebSocketSession> session);
  // Forgets the socket and frees its slot; false when already gone.
  bool Remove(SocketId id);
  // Forgets every socket and slot (at shutdown: the sessions are released
  // while the server that runs them still exists).
  void Clear();

  // Copies of the matching open sockets.
  std::vector<Socket> ByUser(const std::string& user_id) const;
  std::vector<Socket> BySession(const std::string& session_id) const;
  std::vector<Socket> ByTokenHash(const std::string& token_hash) const;
  std::vector<Socket> ExpiredAt(TimeMs now) const;
  std::vector<Socket> All() const;
  // The earliest expires_at among open sockets, or 0 when there are none.
  TimeMs NextExpiry() const;

  // Records what a re-check found; no-op for an unknown id.
  void Update(SocketId id, TimeMs expires_at, const std::string& user_json);

  std::size_t open() const;
  // Slots held by the user (open plus reserved).
  std::size_t held(const std::string& user_id) const;

 private:
  template <class Pred>
  std::vector<Socket> Select(Pred pred) const;

  const std::size_t max_per_user_;
  mutable std::mutex mu_;
  SocketId next_id_ = 1;                                            // GUARDED_BY(mu_)
  std::unordered_map<SocketId, Socket> sockets_;                    // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::size_t> held_;               // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::vector<SocketId>> by_user_;  // GUARDED_BY(mu_)
};

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_HUB_H_
