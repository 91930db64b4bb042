// One HTTP/1.1 connection as a coroutine on its shard's thread: read a
// request under header/body limits and deadlines, hand it to the worker pool,
// write the bytes the worker produced, repeat while keep-alive holds.
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/connection_parts.h"
#include "http/error_mapping.h"
#include "http/http_errors.h"
#include "http/request_id.h"
#include "http/response_writer.h"
#include "http/server_impl.h"
#include "http/util.h"
#include "http/websocket_impl.h"
#include "observability/tracing/error_reports.h"

namespace latchkey::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kMaxLingerBytes = std::size_t{1024} * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

class Connection final : public ConnectionBase {
 public:
  Connection(ServerImpl& server, Shard& shard, tcp::socket socket)
      : server_(server), options_(server.options), shard_(shard), stream_(std::move(socket)) {
    peer_address_ = ClientAddress(stream_.socket());
    shard_.Link(this);
  }
  ~Connection() override {
    shard_.Unlink(this);
    server_.live_connections.fetch_sub(1);
  }

  asio::awaitable<void> Run();

  void CloseIfIdle() override {
    if (idle_) ForceClose();
  }
  void ForceClose() override {
    closed_ = true;
    if (!upgraded_) stream_.close();
  }
  // After Run(): the socket and request when the connection became a
  // WebSocket.
  std::optional<UpgradedConnection> TakeUpgrade() { return std::move(upgraded_); }

 private:
  asio::awaitable<Outcome> ReadHeader(bool first);
  Outcome PrepareRequest();
  asio::awaitable<Outcome> ReadBody();
  // Produces out_ for request_; clears keep_alive_ once draining has begun.
  asio::awaitable<int> Respond();
  asio::awaitable<bool> Write(std::string_view bytes);
  // Writes producer_'s pieces as they come (Response::producer). False when
  // the connection must close: a failed piece, a failed write.
  asio::awaitable<bool> StreamBody();
  // A place in the worker queue for one piece, waiting while it is full
  // (for at most write_timeout: then false).
  asio::awaitable<bool> ReserveWorker();
  // Answers a request for a WebSocket route: a refusal (written here; the
  // connection goes on while keep_alive_ holds) or an accepted upgrade,
  // parked in upgraded_ for ServeConnection. True when upgraded.
  asio::awaitable<bool> TryUpgrade(const std::pair<RouteSpec, UpgradeHandler>& route,
                                   SteadyClock::time_point start);
  asio::awaitable<void> Reject(Outcome outcome, SteadyClock::time_point start);
  void LogAccess(int status, SteadyClock::time_point start);

  ServerImpl& server_;
  const ServerOptions& options_;
  Shard& shard_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;
  std::optional<Router::Match> match_;
  const RouteSpec* websocket_route_ = nullptr;  // for the access log
  std::optional<UpgradedConnection> upgraded_;
  std::string out_;
  BodyProducer producer_;   // the streamed body of the response in out_, if any
  std::string error_code_;  // the answer's wire error code, for the access record
  std::string chunk_;       // one piece of it
  bool http10_ = false;
  // The socket peer, read once. Each request starts from it: the abuse
  // middleware may replace request_.client_address with the client a trusted
  // proxy names, and that must never carry over to the next request on a
  // kept-alive connection (proxies pool one connection for many clients).
  std::string peer_address_;
  SteadyClock::time_point read_deadline_;
  bool keep_alive_ = false;
  bool idle_ = false;    // waiting for the first byte of a request
  bool closed_ = false;  // closed by the drain logic
};

asio::awaitable<void> Connection::Run() {
  for (bool first = true; !closed_; first = false) {
    websocket_route_ = nullptr;
    Outcome outcome = co_await ReadHeader(first);
    if (outcome == Outcome::kClosed) break;
    const SteadyClock::time_point start = SteadyClock::now();
    if (outcome == Outcome::kRequest) outcome = PrepareRequest();
    if (outcome == Outcome::kRequest) outcome = co_await ReadBody();
    if (outcome == Outcome::kClosed) break;
    if (outcome != Outcome::kRequest) {
      co_await Reject(outcome, start);
      co_return;
    }
    keep_alive_ = parser_->keep_alive();
    if (const auto* route = server_.router.FindWebSocket(request_.method, request_.path)) {
      if (co_await TryUpgrade(*route, start)) co_return;
      if (!keep_alive_) break;
      continue;
    }
    const int status = co_await Respond();
    bool written = co_await Write(out_);
    if (written && producer_) written = co_await StreamBody();
    LogAccess(status, start);
    if (!written) co_return;
    if (!keep_alive_) break;
  }
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

asio::awaitable<Outcome> Connection::ReadHeader(bool first) {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
  // No limit while the header is read: PrepareRequest() sets the route's
  // limit and answers 413 itself (the parser would otherwise fail the header).
  parser_->body_limit(boost::none);
  idle_ = buffer_.size() == 0;
  read_deadline_ = SteadyClock::now() + options_.read_timeout;
  // A new connection must send its request within read_timeout; between
  // keep-alive requests the client may sit idle for idle_timeout.
  stream_.expires_at(idle_ && !first ? SteadyClock::now() + options_.idle_timeout : read_deadline_);
  beast::error_code ec;
  for (;;) {
    if (buffer_.size() > 0) {
      std::size_t n = parser_->put(buffer_.data(), ec);
      if (!ec) {  // the parser is not eager: it stops at the end of the header
        bool folded = HasObsFold(buffer_.data(), n);
        buffer_.consume(n);
        co_return folded ? Outcome::kBadRequest : Outcome::kRequest;
      }
      if (ec == bhttp::error::header_limit) co_return Outcome::kHeaderTooLarge;
      if (ec != bhttp::error::need_more) co_return Outcome::kBadRequest;
      buffer_.consume(n);
    }
    if (idle_ && server_.draining.load()) co_return Outcome::kClosed;
    std::size_t bytes = co_await stream_.async_read_some(
        buffer_.prepare(kReadChunk), asio::redirect_error(asio::use_awaitable, ec));
    buffer_.commit(bytes);
    if (ec || closed_) co_return Outcome::kClosed;  // EOF, reset, timeout or drain
    if (idle_) {
      idle_ = false;
      read_deadline_ = SteadyClock::now() + options_.read_timeout;
      stream_.expires_at(read_deadline_);
    }
  }
}

Outcome Connection::PrepareRequest() {
  auto& message = parser_->get();
  // Transfer-Encoding other than a final "chunked" leaves the body length
  // ambiguous (RFC 9112 §6.3): refuse rather than guess.
  if (message.find(bhttp::field::transfer_encoding) != message.end() && !parser_->chunked()) {
    return Outcome::kBadRequest;
  }
  // RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host.
  const std::size_t hosts = message.count(bhttp::field::host);
  if (hosts > 1 || (hosts == 0 && message.version() >= 11)) return Outcome::kBadRequest;
  request_.method = ToMethod(message.method());
  std::string_view target = message.target();
  request_.target.assign(target);
  std::size_t question = target.find('?');
  request_.path.assign(target.substr(0, question));
  request_.query.assign(question == std::string_view::npos ? std::string_view()
                                                           : target.substr(question + 1));
  CopyHeaders(message, request_.headers);
  request_.body.clear();
  request_.path_params.clear();
  request_.client_address.assign(peer_address_);
  request_.trace.Start(request_.Header("traceparent").value_or(""),
                       request_.Header("tracestate").value_or(""));
  const std::string_view incoming_id = request_.Header("x-request-id").value_or("");
  if (request_.trace.context().valid && !IsAcceptableRequestId(incoming_id)) {
    // Without a caller's id, the request id is the trace id: the X-Request-Id
    // a user reports finds the trace (docs/operations.md, "Tracing").
    request_.request_id = tracing::ToHex(request_.trace.context().trace_id);
  } else {
    AssignRequestId(incoming_id, request_.request_id);
  }

  match_ = server_.router.Find(request_.method, request_.path);
  std::size_t limit = match_ ? match_->spec->body_limit : Router::kDefaultBodyLimit;
  limit = std::min(limit, options_.max_body_limit);
  if (auto length = parser_->content_length(); length && *length > limit) {
    return Outcome::kBodyTooLarge;
  }
  parser_->body_limit(limit);
  return Outcome::kRequest;
}

asio::awaitable<Outcome> Connection::ReadBody() {
  if (parser_->is_done()) co_return Outcome::kRequest;
  std::optional<std::string_view> expect = request_.Header("expect");
  if (expect && EqualsIgnoreCase(*expect, "100-continue")) {
    bool ok = co_await Write(kContinue);
    if (!ok) co_return Outcome::kClosed;
  }
  stream_.expires_at(read_deadline_);
  beast::error_code ec;
  co_await bhttp::async_read(stream_, buffer_, *parser_,
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec == bhttp::error::body_limit) co_return Outcome::kBodyTooLarge;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    co_return Outcome::kClosed;
  }
  if (ec) {
    co_return ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category()
        ? Outcome::kBadRequest
        : Outcome::kClosed;
  }
  request_.body = std::move(parser_->get().body());
  co_return Outcome::kRequest;
}

asio::awaitable<int> Connection::Respond() {
  const bool http10 = parser_->get().version() < 11;
  http10_ = http10;
  const Pipeline& pipeline = server_.pipeline;
  if (IsCorsPreflight(request_, pipeline.wire_options())) {
    keep_alive_ = keep_alive_ && !server_.draining.load();
    co_return pipeline.Serialize(request_, PreflightResponse(), keep_alive_, http10, out_);
  }
  if (server_.options.shed) {
    if (auto shed = server_.options.shed(request_, match_ ? match_->spec : nullptr)) {
      keep_alive_ = keep_alive_ && !server_.draining.load();
      error_code_ = shed->error_code;
      co_return pipeline.Serialize(request_, *shed, keep_alive_, http10, out_);
    }
  }
  if (!server_.pool.TryReserve()) {
    server_.shed.fetch_add(1, std::memory_order_relaxed);
    keep_alive_ = keep_alive_ && !server_.draining.load();
    const Response busy = ErrorResponse(UnavailableError("worker queue full", 1));
    error_code_ = busy.error_code;
    co_return pipeline.Serialize(request_, busy, keep_alive_, http10, out_);
  }
  int status = 500;
  co_await server_.pool.AsyncRun(
      [&] {
        // Decided after the handler: a drain that began meanwhile closes the
        // connection, and the response says so.
        try {
          Response response = pipeline.Handle(request_, match_);
          keep_alive_ = keep_alive_ && !server_.draining.load();
          // HTTP/1.0 has no chunked framing: a streamed body ends with the connection.
          if (response.producer && http10) keep_alive_ = false;
          error_code_ = response.error_code;
          status =
              pipeline.SerializeHandled(request_, response, keep_alive_, http10, out_, producer_);
        } catch (...) {  // e.g. bad_alloc while serialising; the handler itself is guarded
          pipeline.LogError("exception while producing a response");
          const tracing::ScopedContext trace_scope(request_.trace.context());
          reports::Report({.source = "http",
                           .code = "EXCEPTION",
                           .message = "exception while producing a response",
                           .method = MethodName(request_.method),
                           .route = match_ ? match_->spec->path : std::string_view(),
                           .status = 500,
                           .request_id = request_.request_id});
          keep_alive_ = false;
          producer_ = nullptr;
          status =
              pipeline.Serialize(request_, ErrorResponse(InternalError("")), false, http10, out_);
        }
      },
      asio::use_awaitable);
  co_return status;
}

asio::awaitable<bool> Connection::TryUpgrade(const std::pair<RouteSpec, UpgradeHandler>& route,
                                             SteadyClock::time_point start) {
  websocket_route_ = &route.first;
  keep_alive_ = keep_alive_ && !server_.draining.load();
  UpgradeExchange exchange{request_, parser_->get(), keep_alive_, out_};
  std::optional<WebSocketAccept> accepted = co_await NegotiateUpgrade(server_, route, exchange);
  if (accepted && closed_) {  // ForceClose() while the handler ran
    accepted->handler->OnClose(WebSocketEnd::kShutdown);
    co_return false;
  }
  if (accepted) {
    LogAccess(101, start);
    upgraded_.emplace(
        UpgradedConnection{std::move(stream_), parser_->release(), std::move(*accepted)});
    co_return true;
  }
  const bool written = co_await Write(out_);
  LogAccess(exchange.status, start);
  if (!written) keep_alive_ = false;
  co_return false;
}

asio::awaitable<bool> Connection::Write(std::string_view bytes) {
  stream_.expires_after(options_.write_timeout);
  beast::error_code ec;
  co_await asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec && !closed_;
}

// Each piece is produced on the worker pool (it may read the database) and
// written under the write timeout like any write, so a client that stops
// reading is dropped after write_timeout and the producer with it; only one
// piece is ever held, whatever the body's size.
asio::awaitable<bool> Connection::StreamBody() {
  BodyProducer producer = std::move(producer_);
  producer_ = nullptr;
  bool ended = false;
  while (!ended) {
    if (!co_await ReserveWorker()) break;
    BodyChunk step = BodyChunk::kFailed;
    co_await server_.pool.AsyncRun(
        [&] {
          chunk_.clear();
          try {
            step = producer(chunk_);
          } catch (...) {  // the producer's own failure; it never reaches the I/O thread
            step = BodyChunk::kFailed;
          }
        },
        asio::use_awaitable);
    if (step == BodyChunk::kFailed) {
      server_.pipeline.LogError("streamed body failed for " + request_.path +
                                " id=" + request_.request_id);
      break;
    }
    ended = step == BodyChunk::kDone;
    out_.clear();
    if (http10_) {
      out_.append(chunk_);
    } else {
      FrameChunk(chunk_, ended, out_);
    }
    if (!co_await Write(out_)) break;
  }
  // The pieces were large: give their memory back before the next request.
  chunk_ = std::string();
  out_ = std::string();
  if (!ended) keep_alive_ = false;
  co_return ended;
}

asio::awaitable<bool> Connection::ReserveWorker() {
  const SteadyClock::time_point give_up = SteadyClock::now() + options_.write_timeout;
  asio::steady_timer timer(stream_.get_executor());
  while (!server_.pool.TryReserve()) {
    if (closed_ || SteadyClock::now() >= give_up) co_return false;
    timer.expires_after(std::chrono::milliseconds(10));
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return true;
}

// Answers a request that cannot be served (400/413/431), then closes
// gracefully: half-close and discard what the client is still sending for a
// moment, so the kernel does not reset the connection before the client has
// read the answer.
asio::awaitable<void> Connection::Reject(Outcome outcome, SteadyClock::time_point start) {
  if (outcome != Outcome::kBodyTooLarge) {  // the request is unusable: log a bare one
    request_ = Request();
    request_.client_address.assign(peer_address_);
    AssignRequestId("", request_.request_id);
    match_.reset();
  }
  const Response rejection = RejectionResponse(outcome);
  error_code_ = rejection.error_code;
  const int status = server_.pipeline.Serialize(request_, rejection,
                                                /*keep_alive=*/false, /*http10=*/false, out_);
  const bool written = co_await Write(out_);
  LogAccess(status, start);
  if (!written) co_return;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTime);
  std::size_t discarded = 0;
  while (!ec && discarded < kMaxLingerBytes) {
    buffer_.clear();
    discarded += co_await stream_.async_read_some(buffer_.prepare(kReadChunk),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  }
  stream_.close();
}

void Connection::LogAccess(int status, SteadyClock::time_point start) {
  if (!server_.access_log) return;
  double latency_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
  AccessRecord record{request_.request_id,
                      MethodName(request_.method),
                      match_             ? match_->spec->path
                      : websocket_route_ ? websocket_route_->path
                                         : std::string_view("-"),
                      request_.client_address,  // as resolved for this request
                      status,
                      latency_ms,
                      error_code_};
  // The access-log line carries the trace id like every line of the request.
  const tracing::ScopedContext trace_scope(request_.trace.context());
  server_.access_log(record);
  request_.trace.Finish(MethodName(request_.method), record.route == "-" ? "" : record.route,
                        status, request_.request_id);
  error_code_.clear();
}

}  // namespace

asio::awaitable<void> ServeConnection(ServerImpl& server, Shard& shard, tcp::socket socket) {
  std::optional<Connection> connection(std::in_place, server, shard, std::move(socket));
  co_await connection->Run();
  std::optional<UpgradedConnection> upgraded = connection->TakeUpgrade();
  if (!upgraded) co_return;
  // The WebSocket takes over the connection's place in live_connections;
  // count it before the HTTP side lets go, so a drain never sees zero.
  server.live_connections.fetch_add(1);
  connection.reset();
  co_await ServeWebSocket(server, shard, std::move(*upgraded));
}

}  // namespace latchkey::http
