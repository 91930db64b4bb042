// The HTTP/1.1 listener: Beast coroutines on I/O threads, handlers on a
// worker pool, limits and timeouts on every connection, graceful shutdown.
#ifndef LK_HTTP_SERVER_H_
#define LK_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "http/router.h"

namespace latchkey::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;              // 0 = ephemeral (tests)
  int io_threads = 0;                     // 0 = one per core
  int worker_threads = 16;                // handler pool (handlers may block on the DB)
  int max_connections = 10000;            // beyond → accept and close
  int max_queued_requests = 4096;         // worker queue bound; beyond → 503 + Retry-After
  std::chrono::seconds read_timeout{30};  // whole request, header + body
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds idle_timeout{60};  // keep-alive idle
  std::size_t header_limit = std::size_t{8} * 1024;
  std::size_t max_body_limit = std::size_t{1024} * 1024;
  std::chrono::seconds shutdown_grace{10};
  bool hsts = false;  // base URL is https
  // Origins whose browsers may call us cross-origin with credentials (CORS).
  // Compared exactly with the Origin header; "null" and "*" never match.
  std::vector<std::string> cors_origins;
  // Receives one line per internal failure (a handler exception, an invalid
  // response, accept errors). Never given secrets or exception text from the
  // wire. Empty = stderr. Called from I/O and worker threads concurrently.
  std::function<void(std::string_view)> error_log;
  // Load shedding on the I/O thread, before a request waits for a worker:
  // returns a response (a 503) to send at once, or nullopt to go on. Gets
  // the matched route (or nullptr). Must be cheap and never block: a
  // saturation check, not a lookup. Empty = none.
  std::function<std::optional<Response>(const Request&, const RouteSpec*)> shed;
};

// One line per request for the access log. The views are valid only during
// the callback.
struct AccessRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view route;  // matched pattern, or "-" when none
  std::string_view client_address;
  int status;
  double latency_ms;
  std::string_view error_code;  // the error answer's code, "" for none
};

// Called for every request before its handler, in the order given to Start,
// with the matched route or nullptr when none matched (the request then gets
// the empty 404 unless a middleware answers); returning a Response
// short-circuits (origin/CSRF check, health). Runs on a worker thread, so it
// may block; an exception becomes a generic 500. CORS preflights from an
// allowed origin and 503s for a full worker queue are answered before it.
using Middleware = std::function<std::optional<Response>(Request&, const RouteSpec*)>;

// Thread-safety: port(), Wait() and Shutdown() may be called from any thread;
// Wait() may be called by several threads (all return after the drain).
// Destroying the server shuts it down and drains it first.
class Server {
 public:
  // Binds, installs SIGINT/SIGTERM handling and starts the I/O threads and
  // the worker pool. `router`, `clock` and the callbacks must outlive the
  // server; `access_log` runs on I/O threads after each response is written
  // (may be empty).
  // Errors: kUnavailable (code "LISTEN_FAILED") when the address cannot be
  // bound; wire_message and detail say why, e.g.
  // "cannot listen on 127.0.0.1:3000: Address already in use".
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, const Router& router,
                                               const Clock& clock,
                                               std::vector<Middleware> middleware,
                                               std::function<void(const AccessRecord&)> access_log);
  virtual ~Server() = default;
  // The bound port (the ephemeral one when options.port was 0).
  virtual std::uint16_t port() const = 0;
  // Blocks until SIGTERM/SIGINT (or Shutdown()) and the drain completes:
  // stops accepting, lets requests in flight finish for up to shutdown_grace,
  // then closes what is left.
  virtual void Wait() = 0;
  // Asks Wait() to start the drain; returns at once.
  virtual void Shutdown() = 0;
  // For the metrics: connections open now (upgraded WebSockets included),
  // and requests answered 503 because the worker queue was full, since the
  // start.
  virtual int open_connections() const = 0;
  virtual std::int64_t shed_requests() const = 0;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_SERVER_H_
