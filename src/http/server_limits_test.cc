// Server limits and lifecycle over real sockets: body/header limits, framing
// errors, timeouts, the worker queue bound, connection cap, graceful drain.
#include <gtest/gtest.h>

#include <atomic>

#include "http/server_test_util.h"

namespace latchkey::http::testing {
namespace {

TEST_F(ServerTest, OversizedBodyIs413ThenClose) {
  Start();
  Client client(server_->port());
  std::string body(5000, 'x');
  client.Send(Post("/echo", body));
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body,
            R"({"message":"Request body is too large","code":"PAYLOAD_TOO_LARGE"})");
  EXPECT_EQ(response->Get("connection"), "close");
  EXPECT_TRUE(client.Closed());

  Client chunked(server_->port());
  chunked.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "800\r\n" +
      std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  auto chunked_response = chunked.Read();
  ASSERT_TRUE(chunked_response.has_value());
  EXPECT_EQ(chunked_response->status, 413);
}

TEST_F(ServerTest, ContentLengthAboveMaxIs413) {
  Start();
  Client client(server_->port());
  client.Send("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, HugeHeaderIs431) {
  Start();
  Client client(server_->port());
  client.Send(Get("/hello", "X-Big: " + std::string(9000, 'a') + "\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->Get("x-content-type-options"), "nosniff");
  EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, AmbiguousFramingIs400) {
  Start();
  std::vector<std::string> requests = {
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n",
      "GET /hello HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /hello HTTP/1.1\r\n\r\n",                        // no Host
      "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",  // two Hosts
  };
  for (const std::string& request : requests) {
    Client client(server_->port());
    client.Send(request);
    auto response = client.Read();
    ASSERT_TRUE(response.has_value()) << request;
    EXPECT_EQ(response->status, 400) << request;
    EXPECT_TRUE(client.Closed()) << request;
  }
}

TEST_F(ServerTest, StalledClientIsDisconnectedAfterReadTimeout) {
  options_.read_timeout = 1s;
  Start();
  Client client(server_->port());
  client.Send("GET /hello HTTP/1.1\r\nHost: x\r\n");  // no blank line: half a request
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.Closed());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 800ms);
  EXPECT_LE(elapsed, 3s);
}

TEST_F(ServerTest, SlowHandlerFinishesDuringShutdown) {
  Start();
  Client client(server_->port());
  Client idle(server_->port());
  client.Send(Get("/slow"));
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  server_->Shutdown();
  std::thread waiter([&] { server_->Wait(); });
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Get("connection"), "close");
  EXPECT_TRUE(idle.Closed());
  waiter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  server_.reset();
}

TEST_F(ServerTest, FullWorkerQueueAnswers503) {
  options_.worker_threads = 1;
  options_.max_queued_requests = 1;
  Start();
  Client running(server_->port());
  running.Send(Get("/gate"));
  gate_.AwaitWaiters(1);
  Client queued(server_->port());
  queued.Send(Get("/gate"));
  std::this_thread::sleep_for(100ms);
  Client refused(server_->port());
  refused.Send(Get("/hello"));
  auto response = refused.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->Get("retry-after"), "1");
  EXPECT_EQ(
      response->body,
      R"({"message":"Service temporarily unavailable. Please retry.","code":"SERVICE_UNAVAILABLE"})");
  gate_.Open();
  EXPECT_EQ(running.Read()->status, 200);
  EXPECT_EQ(queued.Read()->status, 200);
}

// ServerOptions::shed answers on the I/O thread: with every worker busy, a
// shed route still gets its 503 at once, and other routes are untouched.
TEST_F(ServerTest, ShedAnswersWithoutAWorker) {
  options_.worker_threads = 1;
  options_.shed = [](const Request&, const RouteSpec* route) -> std::optional<Response> {
    if (!route || route->path != "/hello") return std::nullopt;
    Response busy = Response::Json(R"({"code":"SHED"})", 503);
    busy.AddHeader("Retry-After", "1");
    return busy;
  };
  Start();
  Client running(server_->port());
  running.Send(Get("/gate"));
  gate_.AwaitWaiters(1);  // the only worker is now blocked
  Client shed(server_->port());
  shed.Send(Get("/hello"));
  auto response = shed.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, R"({"code":"SHED"})");
  gate_.Open();
  EXPECT_EQ(running.Read()->status, 200);
}

TEST_F(ServerTest, ConnectionCap) {
  options_.max_connections = 1;
  Start();
  Client first(server_->port());
  first.Send(Get("/hello"));
  ASSERT_TRUE(first.Read().has_value());
  Client second(server_->port());
  EXPECT_TRUE(second.Closed());
}

TEST_F(ServerTest, BindFailureIsUnavailable) {
  Start();
  ServerOptions clash = options_;
  clash.port = server_->port();
  auto second = Server::Start(clash, router_, clock_, {}, nullptr);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(
      second.error().wire_message,
      "cannot listen on 127.0.0.1:" + std::to_string(server_->port()) + ": Address already in use");
}

}  // namespace
}  // namespace latchkey::http::testing
