// Realtime: turns session and user invalidations into events on the users'
// open WebSockets, and closes a socket whose own session ended (revoked,
// signed out, expired). Invalidations come from SessionService, which hears
// of this node's commits and, through the store, of every other node's; a
// worker thread does the database re-checks so neither the committing thread
// nor the notification thread waits for them.
// Thread-safety: safe for concurrent use.
#ifndef LK_FEATURES_REALTIME_REALTIME_SERVICE_H_
#define LK_FEATURES_REALTIME_REALTIME_SERVICE_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "features/realtime/events.h"
#include "features/realtime/hub.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/websocket.h"

namespace latchkey::realtime {

inline constexpr ErrorInfo kTooManySockets{"REALTIME_TOO_MANY_SOCKETS", ErrorKind::kRateLimited,
                                           "Too many open realtime connections for this user"};

struct RealtimeOptions {
  std::size_t max_sockets_per_user = 10;
  std::chrono::seconds ping_interval{25};
  std::size_t max_message_bytes = 4096;
  std::size_t max_queued_messages = 64;
};

class RealtimeService {
 public:
  RealtimeService(const Services& services, sessions::SessionService& sessions,
                  const RealtimeOptions& options);
  RealtimeService(const RealtimeService&) = delete;
  RealtimeService& operator=(const RealtimeService&) = delete;
  ~RealtimeService();

  // Subscribes to invalidations and starts the worker. Call once, before
  // the server opens.
  void Start();
  // Joins the worker and lets go of every socket. Call once the server has
  // drained and before it is destroyed: the worker sends to sockets, and a
  // socket must not outlive its server's I/O context. Idempotent.
  void Stop();

  // Reserves one of the user's socket slots and returns what http/ needs to
  // run the socket. Errors: REALTIME_TOO_MANY_SOCKETS (429) when the user
  // already holds max_sockets_per_user.
  Result<http::WebSocketAccept> Accept(Principal principal);

  const Hub& hub() const { return *hub_; }

  struct Inbox;  // the worker's queue (realtime_service.cc)

 private:
  void WorkerLoop();
  void Process(const sessions::InvalidationEvent& event);
  // Re-resolves each distinct session among `sockets`: a session that is
  // gone ends with `reason_if_gone`; a changed user is pushed.
  void Recheck(const std::vector<Hub::Socket>& sockets, EndReason reason_if_gone);
  // A session without a socket on this node ended: its user's sockets hear it.
  void TellOthers(const std::string& user_id, const std::string& session_id);
  // Tells every socket of the user, then closes the session's own sockets.
  void EndSession(const std::string& user_id, const std::string& session_id, EndReason reason);
  void CloseSocket(const Hub::Socket& socket, int code, std::string_view reason,
                   std::string_view metric_reason);

  sessions::SessionService& sessions_;
  store::Store& store_;
  const Clock& clock_;
  const RealtimeOptions options_;
  std::shared_ptr<Hub> hub_;
  // Shared with the invalidation listener, which SessionService keeps after
  // this service is gone: the listener then only finds a stopped inbox.
  std::shared_ptr<Inbox> inbox_;
  std::thread worker_;
};

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_REALTIME_SERVICE_H_
