// The HTTP half of a WebSocket route: checks that the request asks for an
// upgrade, then runs middleware and the route's upgrade handler on the
// worker pool like any handler (they may block on the database).
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <variant>

#include "http/error_mapping.h"
#include "http/websocket_impl.h"

namespace latchkey::http {
namespace asio = boost::asio;

asio::awaitable<std::optional<WebSocketAccept>> NegotiateUpgrade(
    ServerImpl& server, const std::pair<RouteSpec, UpgradeHandler>& route,
    UpgradeExchange& exchange) {
  const Pipeline& pipeline = server.pipeline;
  const bool http10 = exchange.message.version() < 11;
  auto refuse = [&](const Response& response) {
    exchange.status =
        pipeline.Serialize(exchange.request, response, exchange.keep_alive, http10, exchange.out);
  };
  if (!boost::beast::websocket::is_upgrade(exchange.message)) {
    Response response =
        Response::Json(ErrorBody("UPGRADE_REQUIRED", "This endpoint speaks WebSocket only"), 426);
    response.AddHeader("Upgrade", "websocket");
    refuse(response);
    co_return std::nullopt;
  }
  if (!server.pool.TryReserve()) {
    server.shed.fetch_add(1, std::memory_order_relaxed);
    refuse(ErrorResponse(UnavailableError("worker queue full", 1)));
    co_return std::nullopt;
  }
  std::optional<WebSocketAccept> accepted;
  co_await server.pool.AsyncRun(
      [&] {
        try {
          auto outcome = pipeline.HandleUpgrade(exchange.request, route);
          if (auto* accept = std::get_if<WebSocketAccept>(&outcome)) {
            accepted = std::move(*accept);
          } else {
            refuse(std::get<Response>(outcome));
          }
        } catch (...) {  // bad_alloc while serialising; the handler itself is guarded
          exchange.keep_alive = false;
          refuse(ErrorResponse(InternalError("")));
        }
      },
      asio::use_awaitable);
  if (accepted && server.draining.load()) {
    // Too late: the drain has begun. The handler still hears of the end.
    accepted->handler->OnClose(WebSocketEnd::kShutdown);
    exchange.keep_alive = false;
    refuse(ErrorResponse(UnavailableError("shutting down", 1)));
    co_return std::nullopt;
  }
  co_return accepted;
}

}  // namespace latchkey::http
