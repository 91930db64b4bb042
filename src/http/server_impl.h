// The Server implementation's shared state: I/O shards (one io_context and
// thread each), the acceptor, the worker pool, and the drain logic.
// Internal to src/http (includes Asio); features never see it.
// Thread-safety: immutable after Start() except the atomics; each Shard's
// connection list is touched only on that shard's thread.
#ifndef LK_HTTP_SERVER_IMPL_H_
#define LK_HTTP_SERVER_IMPL_H_

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http/pipeline.h"
#include "http/server.h"
#include "http/worker_pool.h"

namespace latchkey::http {

// What the drain logic needs from a live connection (connection.cc).
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Closes the socket if the connection waits for a new request and has not
  // received a byte of it; a request in progress is left alone.
  virtual void CloseIfIdle() = 0;
  // Closes the socket whatever the state (end of the shutdown grace).
  virtual void ForceClose() = 0;

  ConnectionBase* prev = nullptr;  // intrusive list links, owned by Shard
  ConnectionBase* next = nullptr;
};

struct Shard {
  Shard();
  void Link(ConnectionBase* connection);
  void Unlink(ConnectionBase* connection);
  template <class Fn>
  void ForEachConnection(Fn&& fn) {
    for (ConnectionBase* c = head; c != nullptr;) {
      ConnectionBase* next = c->next;  // fn may close and unlink c later, not now
      fn(*c);
      c = next;
    }
  }

  std::unique_ptr<boost::asio::io_context> io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  ConnectionBase* head = nullptr;
  std::thread thread;
};

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, const Router& router, const Clock& clock,
             std::vector<Middleware> middleware,
             std::function<void(const AccessRecord&)> access_log);
  ~ServerImpl() override;

  // Binds and listens. Errors: kUnavailable with the reason.
  Result<void> Listen();
  // Starts signal handling, the accept loop and the I/O threads.
  void Run();

  std::uint16_t port() const override { return port_; }
  void Wait() override;
  void Shutdown() override;
  int open_connections() const override { return live_connections.load(); }
  std::int64_t shed_requests() const override { return shed.load(std::memory_order_relaxed); }

  // Shared with connections.
  const ServerOptions options;
  const Router& router;
  Pipeline pipeline;
  WorkerPool pool;
  const std::function<void(const AccessRecord&)> access_log;
  std::atomic<bool> draining{false};
  std::atomic<int> live_connections{0};
  std::atomic<std::int64_t> shed{0};  // 503s for a full worker queue

 private:
  boost::asio::awaitable<void> AcceptLoop();
  void Drain();
  bool WaitForConnections(std::chrono::steady_clock::time_point deadline);
  void StopThreads();

  std::vector<std::unique_ptr<Shard>> shards_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::unique_ptr<boost::asio::signal_set> signals_;
  std::uint16_t port_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  bool shutdown_requested_ = false;  // GUARDED_BY(mu_)
  bool drain_started_ = false;       // GUARDED_BY(mu_)
  bool drained_ = false;             // GUARDED_BY(mu_)
  bool threads_running_ = false;
};

// Runs one connection until it closes (connection.cc).
boost::asio::awaitable<void> ServeConnection(ServerImpl& server, Shard& shard,
                                             boost::asio::ip::tcp::socket socket);

}  // namespace latchkey::http

#endif  // LK_HTTP_SERVER_IMPL_H_
