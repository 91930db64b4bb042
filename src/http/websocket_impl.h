// The hand-over from an HTTP connection that accepted an upgrade to the
// WebSocket connection that serves it (websocket.cc). Internal to src/http.
#ifndef LK_HTTP_WEBSOCKET_IMPL_H_
#define LK_HTTP_WEBSOCKET_IMPL_H_

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <utility>

#include "http/server_impl.h"
#include "http/websocket.h"

namespace latchkey::http {

struct UpgradedConnection {
  boost::beast::tcp_stream stream;
  // The upgrade request, answered with the 101 by the WebSocket handshake.
  boost::beast::http::request<boost::beast::http::string_body> request;
  WebSocketAccept accept;
};

// One request to a WebSocket route, as the HTTP connection holds it.
struct UpgradeExchange {
  Request& request;
  const boost::beast::http::request<boost::beast::http::string_body>& message;
  bool& keep_alive;  // cleared when the refusal must close the connection
  std::string& out;  // the serialised refusal
  int status = 0;    // its status
};

// Runs the route's middleware and upgrade handler on the worker pool. The
// accepted upgrade, or nullopt with a refusal in exchange.out: 426 without
// Upgrade: websocket, the handler's error, 503 for a full queue or a drain.
boost::asio::awaitable<std::optional<WebSocketAccept>> NegotiateUpgrade(
    ServerImpl& server, const std::pair<RouteSpec, UpgradeHandler>& route,
    UpgradeExchange& exchange);

// Completes the handshake and runs the socket until it closes. Counts as one
// of server.live_connections (the caller has added it) and takes part in
// the drain: closed with 1001 when it starts, dropped when the grace ends.
boost::asio::awaitable<void> ServeWebSocket(ServerImpl& server, Shard& shard,
                                            UpgradedConnection upgraded);

}  // namespace latchkey::http

#endif  // LK_HTTP_WEBSOCKET_IMPL_H_
