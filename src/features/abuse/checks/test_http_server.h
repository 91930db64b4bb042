// Test-only: a tiny HTTP/1.1 server on 127.0.0.1:<ephemeral> that records
// every request and answers from a handler, one connection at a time. It
// can also hang (read the request, never answer) to exercise timeouts.
// Thread-safety: requests() may be called from the test thread while the
// server thread runs.
#ifndef LK_FEATURES_ABUSE_CHECKS_TEST_HTTP_SERVER_H_
#define LK_FEATURES_ABUSE_CHECKS_TEST_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace latchkey::abuse::testing {

struct RecordedRequest {
  std::string method;
  std::string target;                          // path + query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct CannedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  bool hang = false;  // keep the connection open and never answer
};

class TestHttpServer {
 public:
  using Handler = std::function<CannedResponse(const RecordedRequest&)>;

  // Binds and starts serving; aborts the test binary if it cannot bind.
  explicit TestHttpServer(Handler handler);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  std::vector<RecordedRequest> requests() const;

 private:
  void Serve();
  void HandleConnection(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<RecordedRequest> requests_;  // guarded by mu_
  std::vector<int> hung_fds_;              // server thread only
  std::thread thread_;
};

// Returns a loopback port that nothing listens on (bound, then closed).
int UnusedLoopbackPort();

}  // namespace latchkey::abuse::testing

#endif  // LK_FEATURES_ABUSE_CHECKS_TEST_HTTP_SERVER_H_
