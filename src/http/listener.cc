// Binding the listening socket and the accept loop: connections are spread
// round-robin over the I/O shards; beyond max_connections a new connection
// is closed at once.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <string>

#include "http/server_impl.h"

namespace latchkey::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

Error ListenError(const ServerOptions& options, const std::string& reason) {
  std::string text =
      "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + reason;
  Error error = UnavailableError(text, 0);
  error.code = "LISTEN_FAILED";
  error.message = "cannot listen on the configured address";
  error.wire_message = std::move(text);  // shown at startup, never sent to a client
  return error;
}

// A literal address, or the first address the resolver gives for a name.
Result<tcp::endpoint> ResolveEndpoint(asio::io_context& io, const ServerOptions& options) {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (!ec) return tcp::endpoint(address, options.port);
  tcp::resolver resolver(io);
  auto results = resolver.resolve(options.host, std::to_string(options.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) return Fail(ListenError(options, ec ? ec.message() : "no address"));
  return results.begin()->endpoint();
}

}  // namespace

Result<void> ServerImpl::Listen() {
  asio::io_context& io = *shards_.front()->io;
  LK_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ResolveEndpoint(io, options));
  acceptor_ = std::make_unique<tcp::acceptor>(io);
  boost::system::error_code ec;
  acceptor_->open(endpoint.protocol(), ec);
  // SO_REUSEADDR only skips TIME_WAIT on restart; on Linux it never lets a
  // second process listen on the same port.
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.reset();
    return Fail(ListenError(options, ec.message()));
  }
  port_ = acceptor_->local_endpoint(ec).port();
  return {};
}

asio::awaitable<void> ServerImpl::AcceptLoop() {
  std::size_t next_shard = 0;
  for (;;) {
    Shard& shard = *shards_[next_shard];
    next_shard = (next_shard + 1) % shards_.size();
    boost::system::error_code ec;
    tcp::socket socket(*shard.io);
    co_await acceptor_->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
      // EMFILE and friends: back off rather than spin on a full fd table.
      pipeline.LogError("accept failed: " + ec.message());
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (live_connections.load() >= options.max_connections || draining.load()) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    live_connections.fetch_add(1);
    asio::co_spawn(
        *shard.io, ServeConnection(*this, shard, std::move(socket)),
        [this](const std::exception_ptr& error) {
          if (!error) return;
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            pipeline.LogError(std::string("connection ended with exception: ") + e.what());
          } catch (...) {
            pipeline.LogError("connection ended with a non-exception");
          }
        });
  }
}

}  // namespace latchkey::http
