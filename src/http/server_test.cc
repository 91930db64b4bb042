// Talks raw HTTP/1.1 over loopback sockets to a real Server: routing,
// keep-alive, headers, CORS, middleware, error mapping.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "http/error_mapping.h"
#include "http/server_test_util.h"

namespace latchkey::http::testing {
namespace {

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Start();
  Client client(server_->port());
  client.Send(Get("/hello"));
  auto first = client.Read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, R"({"hello":"world"})");
  EXPECT_EQ(first->Get("content-type"), "application/json");
  client.Send(Get("/items/a%20b"));
  auto second = client.Read();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "\"a b\"");
  EXPECT_EQ(first->Get("x-request-id").size(), 16u);
  EXPECT_NE(first->Get("x-request-id"), second->Get("x-request-id"));
}

TEST_F(ServerTest, Http10KeepAliveOnlyWhenAsked) {
  Start();
  Client client(server_->port());
  client.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto kept = client.Read();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->Get("connection"), "keep-alive");
  client.Send("GET /hello HTTP/1.0\r\n\r\n");
  auto closed = client.Read();
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->status, 200);
  EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  Client client(server_->port());
  client.Send(Get("/hello") + Post("/echo", "{\"n\":1}") + Get("/hello", "Connection: close\r\n"));
  EXPECT_EQ(client.Read()->body, R"({"hello":"world"})");
  EXPECT_EQ(client.Read()->body, "{\"n\":1}");
  auto last = client.Read();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->Get("connection"), "close");
  EXPECT_TRUE(client.Closed());
}

TEST_F(ServerTest, UnknownRouteIs404WithEmptyBody) {
  Start();
  Client client(server_->port());
  for (std::string path : {"/nope", "/hello/", "//hello", "/items/"}) {
    client.Send(Get(path));
    auto response = client.Read();
    ASSERT_TRUE(response.has_value()) << path;
    EXPECT_EQ(response->status, 404) << path;
    EXPECT_TRUE(response->body.empty());
    EXPECT_FALSE(response->Has("content-type"));
  }
  client.Send(
      "OPTIONS /hello HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
      "Access-Control-Request-Method: POST\r\n\r\n");
  EXPECT_EQ(client.Read()->status, 404);
  client.Send("TRACE /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.Read()->status, 404);
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  Start();
  Client client(server_->port());
  for (std::string path : {"/hello", "/nope", "/fail"}) {
    client.Send(Get(path, "X-Request-Id: trace-123_ab\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->Get("x-content-type-options"), "nosniff");
    EXPECT_EQ(response->Get("referrer-policy"), "no-referrer");
    EXPECT_EQ(response->Get("x-frame-options"), "DENY");
    EXPECT_EQ(response->Get("content-security-policy"), "frame-ancestors 'none'");
    EXPECT_EQ(response->Get("x-request-id"), "trace-123_ab");
    EXPECT_FALSE(response->Has("server"));
    EXPECT_FALSE(response->Has("strict-transport-security"));
  }
  client.Send(Get("/hello", "Cookie: a=b\r\nX-Request-Id: bad id!\r\n"));
  auto response = client.Read();
  EXPECT_EQ(response->Get("cache-control"), "no-store");
  EXPECT_EQ(response->Get("pragma"), "no-cache");
  EXPECT_EQ(response->Get("x-request-id").size(), 16u);
}

TEST_F(ServerTest, ErrorsAndExceptionsBecomeJson) {
  Start();
  Client client(server_->port());
  client.Send(Get("/fail"));
  auto failed = client.Read();
  EXPECT_EQ(failed->status, 401);
  EXPECT_EQ(failed->body, R"({"message":"Unauthorized","code":"UNAUTHORIZED"})");
  client.Send(Get("/throw"));
  auto thrown = client.Read();
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(thrown->body.find("secret"), std::string::npos);
  EXPECT_EQ(thrown->body, R"({"message":"Internal server error","code":"INTERNAL_SERVER_ERROR"})");
  std::lock_guard<std::mutex> lock(log_mu_);
  ASSERT_FALSE(errors_.empty());
  EXPECT_NE(errors_.back().find("secret internals"), std::string::npos);  // logged, not sent
}

TEST_F(ServerTest, MiddlewareRunsFirstEvenWithoutRoute) {
  std::atomic<int> calls{0};
  std::atomic<bool> saw_null{false};
  Start({[&](const Request& request, const RouteSpec* spec) -> std::optional<Response> {
    ++calls;
    if (spec == nullptr) saw_null = true;
    if (request.Header("x-block"))
      return ErrorResponse(
          Error{ErrorKind::kPermissionDenied, "INVALID_ORIGIN", "Invalid origin", "", {}, 0});
    return std::nullopt;
  }});
  Client client(server_->port());
  client.Send(Get("/nope"));
  EXPECT_EQ(client.Read()->status, 404);
  client.Send(Get("/hello", "X-Block: 1\r\n"));
  auto blocked = client.Read();
  EXPECT_EQ(blocked->status, 403);
  EXPECT_EQ(blocked->body, R"({"message":"Invalid origin","code":"INVALID_ORIGIN"})");
  EXPECT_EQ(calls.load(), 2);
  EXPECT_TRUE(saw_null.load());
}

TEST_F(ServerTest, CorsPreflightAndHeaders) {
  options_.cors_origins = {"https://app.example.com", "null"};
  Start();
  Client client(server_->port());
  client.Send(
      "OPTIONS /echo HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\n"
      "Access-Control-Request-Method: POST\r\n\r\n");
  auto preflight = client.Read();
  ASSERT_TRUE(preflight.has_value());
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->Get("access-control-allow-origin"), "https://app.example.com");
  EXPECT_EQ(preflight->Get("access-control-max-age"), "600");
  client.Send(Get("/hello", "Origin: null\r\n"));
  EXPECT_FALSE(client.Read()->Has("access-control-allow-origin"));
}

TEST_F(ServerTest, ExpectContinue) {
  Start();
  Client client(server_->port());
  client.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.Read();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  client.Send("{}");
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{}");
}

TEST_F(ServerTest, AccessLogRecordsEveryRequest) {
  Start();
  {
    Client client(server_->port());
    client.Send(Get("/items/7") + Get("/nope", "Connection: close\r\n"));
    ASSERT_TRUE(client.Read().has_value());
    ASSERT_TRUE(client.Read().has_value());
    EXPECT_TRUE(client.Closed());  // the server logs before it closes
  }
  std::lock_guard<std::mutex> lock(log_mu_);
  ASSERT_EQ(access_.size(), 2u);
  EXPECT_EQ(access_[0], "GET /items/:id 200");
  EXPECT_EQ(access_[1], "GET - 404");
}

// A middleware may rewrite client_address (the abuse guard puts the client a
// trusted proxy names there). On a kept-alive connection the next request
// must start again from the socket peer, or a pooling proxy's first client
// would be every later client's address (issue 9; ASVS 5.0 V15.3.4).
TEST_F(ServerTest, EveryRequestOnAKeptAliveConnectionStartsFromThePeerAddress) {
  std::mutex mu;
  std::vector<std::string> seen;
  Start({[&](Request& request, const RouteSpec*) -> std::optional<Response> {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(request.client_address);
    if (auto named = request.Header("x-test-client")) request.client_address = *named;
    return std::nullopt;
  }});
  Client client(server_->port());
  client.Send(Get("/hello", "X-Test-Client: 203.0.113.1\r\n"));
  ASSERT_EQ(client.Read()->status, 200);
  client.Send(Get("/hello", "X-Test-Client: 198.51.100.7\r\n"));
  ASSERT_EQ(client.Read()->status, 200);
  client.Send(Get("/hello", "Connection: close\r\n"));
  ASSERT_EQ(client.Read()->status, 200);
  EXPECT_TRUE(client.Closed());  // the server logs before it closes
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(seen, (std::vector<std::string>{"127.0.0.1", "127.0.0.1", "127.0.0.1"}));
  }
  // The access log names the client each request resolved to.
  std::lock_guard<std::mutex> lock(log_mu_);
  ASSERT_EQ(clients_.size(), 3u);
  EXPECT_EQ(clients_, (std::vector<std::string>{"203.0.113.1", "198.51.100.7", "127.0.0.1"}));
}

}  // namespace
}  // namespace latchkey::http::testing
