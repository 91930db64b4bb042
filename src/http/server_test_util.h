// Test helpers for the server tests: a blocking loopback HTTP client that
// reads raw responses, a gate for blocking handlers, and a fixture with a
// few routes. Test-only.
#ifndef LK_HTTP_SERVER_TEST_UTIL_H_
#define LK_HTTP_SERVER_TEST_UTIL_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "http/server.h"

namespace latchkey::http::testing {

using namespace std::chrono_literals;

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-cased names
  std::string body;
  bool Has(const std::string& name) const { return headers.count(name) > 0; }
  std::string Get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      throw std::runtime_error("connect failed");
    }
  }
  ~Client() { close(fd_); }

  void Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads one response; nullopt on EOF/timeout before a full one.
  std::optional<HttpResponse> Read() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    HttpResponse response;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    response.status = std::stoi(head.substr(9, 3));
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      std::size_t next = head.find("\r\n", pos + 2);
      std::string line = head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
      std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(c));
      response.headers.emplace(name, line.substr(colon + 2));
      pos = next;
    }
    std::size_t length =
        std::stoul(response.Get("content-length").empty() ? "0" : response.Get("content-length"));
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // Whatever arrives next, buffered bytes first; nullopt on EOF/timeout.
  std::optional<std::string> ReadSome() {
    if (buffer_.empty() && !Fill()) return std::nullopt;
    return std::exchange(buffer_, std::string());
  }

  // True when the server closed the connection (EOF or reset) within 5 s.
  bool Closed() {
    char c;
    ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  bool Fill() {
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
};

inline std::string Get(std::string_view path, std::string extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

inline std::string Post(std::string_view path, std::string_view body, std::string extra = "") {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " +
         "application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra +
         "\r\n" + std::string(body);
}

// A gate handlers can block on until the test opens it.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void AwaitWaiters(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, 5s, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int waiting_ = 0;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.port = 0;
    options_.io_threads = 2;
    options_.worker_threads = 2;
    options_.error_log = [this](std::string_view line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      errors_.emplace_back(line);
    };
    Add(Method::kGet, "/hello", [](const Request&, RequestContext&) -> Result<Response> {
      return Response::Json(R"({"hello":"world"})");
    });
    Add(
        Method::kPost, "/echo",
        [](const Request& r, RequestContext&) -> Result<Response> {
          return Response::Json(r.body);
        },
        1024);
    Add(Method::kGet, "/slow", [](const Request&, RequestContext&) -> Result<Response> {
      std::this_thread::sleep_for(500ms);
      return Response::Json("{}");
    });
    Add(Method::kGet, "/gate", [this](const Request&, RequestContext&) -> Result<Response> {
      gate_.Wait();
      return Response::Json("{}");
    });
    Add(Method::kGet, "/throw", [](const Request&, RequestContext&) -> Result<Response> {
      throw std::runtime_error("secret internals");
    });
    Add(Method::kGet, "/fail", [](const Request&, RequestContext&) -> Result<Response> {
      return Fail(Error{ErrorKind::kUnauthenticated, "UNAUTHORIZED", "Unauthorized", "", {}, 0});
    });
    Add(Method::kGet, "/items/:id", [](const Request& r, RequestContext&) -> Result<Response> {
      return Response::Json("\"" + std::string(*r.PathParam("id")) + "\"");
    });
  }
  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      server_->Wait();
    }
  }

  void Add(Method method, std::string_view path, Handler handler, std::size_t limit = 16384) {
    RouteSpec spec;
    spec.method = method;
    spec.path = path;
    spec.body_limit = limit;
    ASSERT_TRUE(router_.Add(spec, std::move(handler)));
  }

  void Start(std::vector<Middleware> middleware = {}) {
    auto server = Server::Start(
        options_, router_, clock_, std::move(middleware), [this](const AccessRecord& record) {
          std::lock_guard<std::mutex> lock(log_mu_);
          access_.push_back(std::string(record.method) + " " + std::string(record.route) + " " +
                            std::to_string(record.status));
          clients_.emplace_back(record.client_address);
        });
    ASSERT_TRUE(server.has_value()) << server.error().message;
    server_ = std::move(*server);
    ASSERT_NE(server_->port(), 0);
  }

  ServerOptions options_;
  Router router_;
  FakeClock clock_{1'700'000'000'000};
  std::unique_ptr<Server> server_;
  Gate gate_;
  std::mutex log_mu_;
  std::vector<std::string> errors_;
  std::vector<std::string> access_;
  std::vector<std::string> clients_;  // the access log's client_address, in order
};

}  // namespace latchkey::http::testing

#endif  // LK_HTTP_SERVER_TEST_UTIL_H_
