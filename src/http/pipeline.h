// The worker-side half of a request: middleware, then the matched handler,
// then serialisation. Beast-free, so it can be tested without sockets.
// Internal to src/http. Thread-safety: Run() may be called concurrently; the
// object is immutable after construction.
#ifndef LK_HTTP_PIPELINE_H_
#define LK_HTTP_PIPELINE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "http/response_writer.h"
#include "http/router.h"
#include "http/server.h"
#include "http/websocket.h"

namespace latchkey::http {

class Pipeline {
 public:
  Pipeline(const ServerOptions& options, const Clock& clock, std::vector<Middleware> middleware,
           std::function<void(std::string_view)> error_log);

  // Runs middleware in order (first Response wins), then the handler of
  // `match` (or 404 with an empty body and no Content-Type), maps an Error to
  // its JSON response and turns any exception into a generic 500. Moves the
  // match's path parameters into `request`.
  Response Handle(Request& request, std::optional<Router::Match>& match) const;

  // Handle() followed by SerializeResponse() into `out`; returns the status.
  int HandleAndSerialize(Request& request, std::optional<Router::Match>& match, bool keep_alive,
                         bool http10, std::string& out) const;

  // For a WebSocket route: middleware, then the upgrade handler. A Response
  // refuses the upgrade (middleware answer, handler error, exception).
  std::variant<Response, WebSocketAccept> HandleUpgrade(
      Request& request, const std::pair<RouteSpec, UpgradeHandler>& route) const;

  // Serialises a response the server built itself (preflight, 503, 413...).
  int Serialize(const Request& request, const Response& response, bool keep_alive, bool http10,
                std::string& out) const;

  // Serialize() for a handler's answer. When its body streams (a producer,
  // a valid response, not HEAD), moves the producer into `producer` for the
  // connection to pull; otherwise leaves `producer` empty.
  int SerializeHandled(const Request& request, Response& response, bool keep_alive, bool http10,
                       std::string& out, BodyProducer& producer) const;

  const WireOptions& wire_options() const { return wire_; }
  void LogError(std::string_view line) const;

 private:
  Response RunHandler(Request& request, const Router::Match& match) const;
  std::optional<Response> RunMiddleware(Request& request, const RouteSpec* spec) const;

  WireOptions wire_;
  const Clock& clock_;
  std::vector<Middleware> middleware_;
  std::function<void(std::string_view)> error_log_;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_PIPELINE_H_
