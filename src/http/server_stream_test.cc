// Streamed bodies (Response::producer) over real loopback sockets: chunked
// framing, HTTP/1.0, a failing producer, and a client that stops reading
// (the producer is not run ahead of the socket, and write_timeout still
// ends the connection).
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "http/server_test_util.h"

namespace latchkey::http::testing {
namespace {

// Reads until the peer closes (or 5 s pass) and returns every byte.
std::string ReadAll(int port, std::string_view request) {
  Client client(static_cast<std::uint16_t>(port));
  client.Send(request);
  std::string all;
  while (auto piece = client.ReadSome()) all += *piece;
  return all;
}

// Decodes a chunked body (RFC 9112 §7.1); nullopt if it never ends.
std::optional<std::string> Dechunk(std::string_view wire) {
  std::string body;
  for (;;) {
    std::size_t eol = wire.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    std::size_t size = std::stoul(std::string(wire.substr(0, eol)), nullptr, 16);
    wire.remove_prefix(eol + 2);
    if (size == 0) return wire == "\r\n" ? std::optional<std::string>(body) : std::nullopt;
    if (wire.size() < size + 2) return std::nullopt;
    body.append(wire.substr(0, size));
    wire.remove_prefix(size + 2);
  }
}

class StreamTest : public ServerTest {
 protected:
  // A body of `pieces` pieces of `size` bytes ('a', 'b', …), then kDone or kFailed.
  void AddStream(std::string_view path, int pieces, std::size_t size, bool fail = false) {
    Add(Method::kGet, path, [=, this](const Request&, RequestContext&) -> Result<Response> {
      Response response = Response::Text("", "text/csv");
      auto next = std::make_shared<int>(0);
      response.producer = [=, this](std::string& chunk) {
        ++calls_;
        if (*next == pieces) return fail ? BodyChunk::kFailed : BodyChunk::kDone;
        chunk.assign(size, static_cast<char>('a' + (*next)++ % 26));
        return BodyChunk::kMore;
      };
      return response;
    });
  }
  static std::string Expected(int pieces, std::size_t size) {
    std::string body;
    for (int i = 0; i < pieces; ++i) body.append(size, static_cast<char>('a' + i % 26));
    return body;
  }
  std::atomic<int> calls_{0};
};

TEST_F(StreamTest, ChunkedBodyThenKeepAlive) {
  AddStream("/export", 40, 10000);
  Start();
  Client client(server_->port());
  client.Send(Get("/export"));
  std::string wire;
  while (wire.find("\r\n0\r\n\r\n") == std::string::npos) {
    auto piece = client.ReadSome();
    ASSERT_TRUE(piece.has_value()) << wire.size();
    wire += *piece;
  }
  std::size_t head_end = wire.find("\r\n\r\n");
  std::string head = wire.substr(0, head_end);
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_EQ(Dechunk(std::string_view(wire).substr(head_end + 4)), Expected(40, 10000));
  client.Send(Get("/hello"));  // the connection goes on after the last chunk
  auto next = client.Read();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, R"({"hello":"world"})");
}

TEST_F(StreamTest, Http10BodyEndsWithTheConnection) {
  AddStream("/export", 3, 5);
  Start();
  std::string wire = ReadAll(server_->port(), "GET /export HTTP/1.0\r\n\r\n");
  std::size_t head_end = wire.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_NE(wire.find("Connection: close"), std::string::npos);
  EXPECT_EQ(wire.substr(head_end + 4), Expected(3, 5));
}

TEST_F(StreamTest, FailedPieceClosesWithoutTheLastChunk) {
  AddStream("/export", 2, 5, /*fail=*/true);
  Start();
  std::string wire = ReadAll(server_->port(), Get("/export"));
  EXPECT_NE(wire.find("5\r\naaaaa\r\n5\r\nbbbbb\r\n"), std::string::npos);
  EXPECT_EQ(wire.find("\r\n0\r\n\r\n"), std::string::npos);  // the client sees truncation
  std::lock_guard<std::mutex> lock(log_mu_);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("streamed body failed for /export"), std::string::npos);
}

TEST_F(StreamTest, HeadSendsTheHeadOnly) {
  Add(Method::kHead, "/export", [](const Request&, RequestContext&) -> Result<Response> {
    Response response = Response::Text("", "text/csv");
    response.producer = [](std::string&) -> BodyChunk { throw std::logic_error("not pulled"); };
    return response;
  });
  Start();
  Client client(server_->port());
  client.Send("HEAD /export HTTP/1.1\r\nHost: localhost\r\n\r\n");
  auto head = client.ReadSome();
  ASSERT_TRUE(head.has_value());
  EXPECT_NE(head->find("Transfer-Encoding: chunked"), std::string::npos);
  std::lock_guard<std::mutex> lock(log_mu_);
  EXPECT_TRUE(errors_.empty());
}

// A client that stops reading holds the stream at what the socket buffers
// take: the server produces no further ahead, and write_timeout drops it.
TEST_F(StreamTest, StalledReaderBoundsProductionAndTimesOut) {
  AddStream("/export", 1'000'000, 64 * 1024);
  options_.write_timeout = std::chrono::seconds(1);
  Start();
  Client client(server_->port());
  client.Send(Get("/export"));
  std::this_thread::sleep_for(2500ms);
  const int stalled = calls_.load();
  EXPECT_LT(stalled, 200);  // < 12.5 MiB: socket buffers, not the whole body
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(calls_.load(), stalled);  // timed out and dropped: no more pieces
}

}  // namespace
}  // namespace latchkey::http::testing
