// One WebSocket connection on its shard's thread: the 101 handshake, a read
// loop (messages ≤ max_message_bytes, Beast's idle pings), and a write loop
// that sends queued messages and then at most one close frame. Send() and
// Close() come from any thread and are posted here; a bounded count of
// pending messages keeps a slow reader from growing memory without limit.
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <optional>

#include "http/websocket_impl.h"

namespace latchkey::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;

std::string_view WebSocketEndName(WebSocketEnd end) {
  switch (end) {
    case WebSocketEnd::kHandshakeFailed:
      return "handshake_failed";
    case WebSocketEnd::kClient:
      return "client";
    case WebSocketEnd::kServer:
      return "server";
    case WebSocketEnd::kIdleTimeout:
      return "idle_timeout";
    case WebSocketEnd::kTooBig:
      return "too_big";
    case WebSocketEnd::kSlowConsumer:
      return "slow_consumer";
    case WebSocketEnd::kShutdown:
      return "shutdown";
    case WebSocketEnd::kError:
      return "error";
  }
  return "error";
}

namespace {

// Handshake and closing handshake; a client that does not answer our close
// frame within this is dropped.
constexpr auto kHandshakeTimeout = std::chrono::seconds(5);
constexpr std::size_t kMaxReasonBytes = 123;  // RFC 6455 §5.5: control payload ≤ 125

class WsConnection final : public ConnectionBase,
                           public WebSocketSession,
                           public std::enable_shared_from_this<WsConnection> {
 public:
  WsConnection(ServerImpl& server, Shard& shard, UpgradedConnection& upgraded)
      : server_(server),
        shard_(shard),
        ws_(std::move(upgraded.stream)),
        handler_(std::move(upgraded.accept.handler)),
        options_(upgraded.accept.options) {
    shard_.Link(this);
  }

  asio::awaitable<void> Run(bhttp::request<bhttp::string_body> request);

  bool Send(std::string text) override {
    if (closing_.load()) return false;
    if (pending_.fetch_add(1) >= options_.max_queued_messages) {
      pending_.fetch_sub(1);
      asio::post(ws_.get_executor(), [self = shared_from_this()] { self->DropSlowReader(); });
      return false;
    }
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      self->Enqueue(std::move(text));
    });
    return true;
  }

  void Close(int code, std::string reason) override {
    if (closing_.exchange(true)) return;
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
                 self->StartClose(code, std::move(reason), WebSocketEnd::kServer);
               });
  }

  // The drain: a WebSocket is never "between requests", so it is closed
  // with 1001 as soon as the drain starts.
  void CloseIfIdle() override {
    closing_.store(true);
    StartClose(kWsCloseGoingAway, "server shutting down", WebSocketEnd::kShutdown);
  }
  void ForceClose() override { Abort(WebSocketEnd::kShutdown); }

 private:
  void Enqueue(std::string text) {
    if (finished_ || close_) {
      pending_.fetch_sub(1);
      return;
    }
    queue_.push_back(std::move(text));
    PumpWrites();
  }

  // Sending a close frame behind a stuck write would wait as long as the
  // write; drop the connection instead.
  void DropSlowReader() {
    closing_.store(true);
    if (writing_) {
      Abort(WebSocketEnd::kSlowConsumer);
    } else {
      StartClose(kWsClosePolicy, "send queue full", WebSocketEnd::kSlowConsumer);
    }
  }

  void StartClose(int code, std::string reason, WebSocketEnd end) {
    if (finished_ || close_) return;
    if (!end_) end_ = end;
    if (!open_) return Abort(end);
    if (reason.size() > kMaxReasonBytes) reason.resize(kMaxReasonBytes);
    close_.emplace(static_cast<websocket::close_code>(code), reason);
    PumpWrites();
  }

  void Abort(WebSocketEnd end) {
    if (finished_) return;
    if (!end_) end_ = end;
    closing_.store(true);
    beast::get_lowest_layer(ws_).close();  // pending reads and writes complete with an error
  }

  void PumpWrites() {
    if (writing_ || !open_ || finished_) return;
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), WriteLoop(shared_from_this()), asio::detached);
  }

  static asio::awaitable<void> WriteLoop(std::shared_ptr<WsConnection> self);
  void Finish(const beast::error_code& ec);

  ServerImpl& server_;
  Shard& shard_;
  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<WebSocketHandler> handler_;
  const WebSocketOptions options_;
  std::atomic<std::size_t> pending_{0};  // accepted by Send(), not yet written or dropped
  std::atomic<bool> closing_{false};     // Send() refuses from now on
  // Shard thread only.
  std::deque<std::string> queue_;
  std::optional<websocket::close_reason> close_;  // sent once the queue is empty
  std::optional<WebSocketEnd> end_;               // the first cause wins
  bool writing_ = false;
  bool open_ = false;
  bool finished_ = false;
};

asio::awaitable<void> WsConnection::WriteLoop(std::shared_ptr<WsConnection> self) {
  beast::error_code ec;
  while (!self->finished_ && !ec) {
    if (!self->queue_.empty()) {
      std::string message = std::move(self->queue_.front());
      self->queue_.pop_front();
      self->ws_.text(true);
      co_await self->ws_.async_write(asio::buffer(message),
                                     asio::redirect_error(asio::use_awaitable, ec));
      self->pending_.fetch_sub(1);
    } else if (self->close_) {
      // Beast waits for the client's close frame (bounded by the handshake
      // timeout); the read loop then ends with error::closed.
      co_await self->ws_.async_close(*self->close_, asio::redirect_error(asio::use_awaitable, ec));
      break;
    } else {
      break;
    }
  }
  self->writing_ = false;
  if (ec) self->Abort(WebSocketEnd::kError);
}

asio::awaitable<void> WsConnection::Run(bhttp::request<bhttp::string_body> request) {
  beast::get_lowest_layer(ws_).expires_never();  // the WebSocket timeouts take over
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kHandshakeTimeout;
  timeouts.idle_timeout = 2 * options_.ping_interval;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  // No version banner on the 101 (Beast adds its own unless one is set).
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(bhttp::field::server, "latchkey"); }));
  ws_.read_message_max(options_.max_message_bytes);
  beast::error_code ec;
  co_await ws_.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec || end_) {
    if (!end_) end_ = WebSocketEnd::kHandshakeFailed;
    co_return Finish(ec);
  }
  open_ = true;
  handler_->OnOpen(shared_from_this());
  PumpWrites();  // in case OnOpen sent something
  beast::flat_buffer buffer;
  for (;;) {
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const auto data = buffer.cdata();
    handler_->OnMessage(std::string_view(static_cast<const char*>(data.data()), data.size()),
                        ws_.got_text());
    buffer.consume(buffer.size());
  }
  Finish(ec);
}

void WsConnection::Finish(const beast::error_code& ec) {
  if (!end_) {
    if (ec == beast::error::timeout) {
      end_ = WebSocketEnd::kIdleTimeout;
    } else if (ec == websocket::error::message_too_big) {
      end_ = WebSocketEnd::kTooBig;
    } else if (ec == websocket::error::closed || ec == asio::error::eof ||
               ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
      end_ = WebSocketEnd::kClient;
    } else {
      end_ = WebSocketEnd::kError;
    }
  }
  closing_.store(true);
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);  // ends a write still in flight
  finished_ = true;
  shard_.Unlink(this);
  server_.live_connections.fetch_sub(1);
  handler_->OnClose(*end_);
  handler_.reset();  // the handler usually holds this session: break the cycle
}

}  // namespace

asio::awaitable<void> ServeWebSocket(ServerImpl& server, Shard& shard,
                                     UpgradedConnection upgraded) {
  auto connection = std::make_shared<WsConnection>(server, shard, upgraded);
  co_await connection->Run(std::move(upgraded.request));
}

}  // namespace latchkey::http
