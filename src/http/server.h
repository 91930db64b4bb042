// The HTTP/1.1 listener: Beast coroutines on I/O threads, handlers on a
// worker pool, limits and timeouts on every connection, graceful shutdown.
#ifndef LK_HTTP_SERVER_H_
#define LK_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "http/router.h"

namespace latchkey::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;           // 0 = ephemeral (tests)
  int io_threads = 0;                  // 0 = one per core
  int worker_threads = 16;             // handler pool (handlers may block on the DB)
  int max_connections = 10000;         // beyond → accept and close
  int max_queued_requests = 4096;      // worker queue bound; beyond → 503 + Retry-After
  std::chrono::seconds read_timeout{30};    // whole request, header + body
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds idle_timeout{60};    // keep-alive idle
  std::size_t header_limit = 8 * 1024;
  std::size_t max_body_limit = 1024 * 1024;
  std::chrono::seconds shutdown_grace{10};
  bool hsts = false;                   // base URL is https
  // Origins whose browsers may call us cross-origin with credentials (CORS).
  std::vector<std::string> cors_origins;
};

// One line per request for the access log.
struct AccessRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view route;   // matched pattern, or "-" when none
  std::string_view client_address;
  int status;
  double latency_ms;
};

// Called before the router for every request; returning a Response
// short-circuits (origin/CSRF check, health). Runs on a worker thread.
using Middleware = std::function<std::optional<Response>(const Request&, const RouteSpec*)>;

class Server {
 public:
  // Errors: kUnavailable when the address cannot be bound (message says why).
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, const Router& router,
                                               const Clock& clock, std::vector<Middleware> middleware,
                                               std::function<void(const AccessRecord&)> access_log);
  virtual ~Server() = default;
  virtual std::uint16_t port() const = 0;
  // Blocks until SIGTERM/SIGINT (or Shutdown()) and the drain completes:
  // stops accepting, lets requests in flight finish for up to shutdown_grace,
  // then closes what is left.
  virtual void Wait() = 0;
  virtual void Shutdown() = 0;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_SERVER_H_
