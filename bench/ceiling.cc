// The HTTP ceiling: the smallest Beast HTTP/1.1 keep-alive server answering
// every request with "hello", on the same threading model as http::Server
// (one io_context and thread per core, acceptor on the first, connections
// spread round-robin) but with no router, worker pool or headers. Compare
// the real server's req/s with this under the same wrk load.
//   usage: ceiling <port> [io_threads]
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

asio::awaitable<void> Session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    http::request<http::string_body> request;
    stream.expires_after(std::chrono::seconds(30));
    co_await http::async_read(stream, buffer, request,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    http::response<http::string_body> response(http::status::ok, request.version());
    response.set(http::field::content_type, "text/plain");
    response.body() = "hello";
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor,
                             std::vector<std::unique_ptr<asio::io_context>>& shards) {
  std::size_t next = 0;
  for (;;) {
    asio::io_context& shard = *shards[next];
    next = (next + 1) % shards.size();
    tcp::socket socket(shard);
    beast::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(shard, Session(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <port> [io_threads]\n", argv[0]);
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2]))
                              : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<asio::io_context>> shards;
  for (unsigned i = 0; i < threads; ++i) shards.push_back(std::make_unique<asio::io_context>(1));
  tcp::acceptor acceptor(*shards[0], {asio::ip::make_address("127.0.0.1"), port});
  asio::co_spawn(*shards[0], Accept(acceptor, shards), asio::detached);
  std::vector<std::thread> runners;
  for (auto& shard : shards) {
    asio::io_context* io = shard.get();
    runners.emplace_back([io] {
      auto guard = asio::make_work_guard(*io);
      io->run();
    });
  }
  for (auto& runner : runners) runner.join();
}
