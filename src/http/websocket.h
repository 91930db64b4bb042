// WebSocket routes, Beast-free: what a feature implements to accept an
// upgrade and what it gets to talk to the socket afterwards. http/ does the
// handshake, framing, pings, limits and shutdown (websocket.cc).
//
// Flow: the router finds the route's UpgradeHandler; it runs on a worker
// thread after the middleware, like any handler, and either fails (an HTTP
// error response, no upgrade) or returns a WebSocketHandler. http/ then
// answers 101 and calls the handler's methods on the connection's I/O
// thread: OnOpen, OnMessage for each message, OnClose exactly once.
#ifndef LK_HTTP_WEBSOCKET_H_
#define LK_HTTP_WEBSOCKET_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "http/route.h"

namespace latchkey::http {

// Close codes http/ itself sends (RFC 6455 §7.4.1).
inline constexpr int kWsCloseNormal = 1000;
inline constexpr int kWsCloseGoingAway = 1001;  // server shutdown
inline constexpr int kWsClosePolicy = 1008;     // the send queue overflowed (slow reader)
inline constexpr int kWsCloseTooBig = 1009;     // a message over max_message_bytes
inline constexpr int kWsCloseInternal = 1011;

// The open socket as a feature sees it.
// Thread-safety: Send() and Close() may be called from any thread.
class WebSocketSession {
 public:
  virtual ~WebSocketSession() = default;
  // Queues a text message. Returns false when the socket is closing or
  // closed, or when max_queued_messages are already waiting: the reader is
  // too slow, and the socket is then closed with kWsClosePolicy.
  virtual bool Send(std::string text) = 0;
  // Sends what is queued, then starts the closing handshake with `code`
  // (1000, or 4000-4999 for application codes) and `reason` (≤ 123 bytes).
  // The first call wins; later calls do nothing.
  virtual void Close(int code, std::string reason) = 0;
};

// Why a socket ended, as OnClose reports it (also a metrics label).
enum class WebSocketEnd {
  kHandshakeFailed,  // the 101 could not be completed
  kClient,           // the client closed or went away
  kServer,           // WebSocketSession::Close() was called
  kIdleTimeout,      // nothing, not even a pong, for 2 × ping_interval
  kTooBig,           // a message over max_message_bytes (closed with 1009)
  kSlowConsumer,     // the send queue overflowed (closed with 1008)
  kShutdown,         // server drain (closed with 1001)
  kError,            // protocol or network error
};
std::string_view WebSocketEndName(WebSocketEnd end);

// A feature's side of one socket. Methods run on the connection's I/O
// thread: they must not block (no database calls) and must not throw.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // After the 101 was written. Keep `session` to send later.
  virtual void OnOpen(std::shared_ptr<WebSocketSession> session) = 0;
  // One complete message, at most max_message_bytes.
  virtual void OnMessage(std::string_view message, bool text) = 0;
  // Exactly once, when the connection is over (also when OnOpen was never
  // called because the handshake failed). Drop the session here.
  virtual void OnClose(WebSocketEnd end) = 0;
};

struct WebSocketOptions {
  // A ping goes out after this long without a frame from the client; with
  // nothing for twice as long the socket is dropped.
  std::chrono::seconds ping_interval{25};
  std::size_t max_message_bytes = 4096;
  std::size_t max_queued_messages = 64;
};

// What an accepted upgrade hands to http/.
struct WebSocketAccept {
  std::shared_ptr<WebSocketHandler> handler;
  WebSocketOptions options;
};

// Runs on a worker thread (it may block). An Error refuses the upgrade with
// the usual JSON error response (401, 403, 429...).
using UpgradeHandler = std::function<Result<WebSocketAccept>(const Request&, RequestContext&)>;

}  // namespace latchkey::http

#endif  // LK_HTTP_WEBSOCKET_H_
