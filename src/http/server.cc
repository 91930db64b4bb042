// Server lifecycle: start the I/O shards and worker pool, wait for a signal
// or Shutdown(), then drain (stop accepting, close idle keep-alive
// connections, let requests in flight finish within shutdown_grace, close
// the rest) and join every thread.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <thread>

#include "http/server_impl.h"

namespace latchkey::http {
namespace asio = boost::asio;

Shard::Shard() : io(std::make_unique<asio::io_context>(1)) {}

void Shard::Link(ConnectionBase* connection) {
  connection->prev = nullptr;
  connection->next = head;
  if (head != nullptr) head->prev = connection;
  head = connection;
}

void Shard::Unlink(ConnectionBase* connection) {
  if (connection->prev != nullptr) connection->prev->next = connection->next;
  if (connection->next != nullptr) connection->next->prev = connection->prev;
  if (head == connection) head = connection->next;
  connection->prev = connection->next = nullptr;
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, const Router& router,
                                              const Clock& clock,
                                              std::vector<Middleware> middleware,
                                              std::function<void(const AccessRecord&)> access_log) {
  auto server = std::make_unique<ServerImpl>(options, router, clock, std::move(middleware),
                                             std::move(access_log));
  LK_TRY(server->Listen());
  server->Run();
  return std::unique_ptr<Server>(std::move(server));
}

namespace {

int IoThreadCount(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

}  // namespace

ServerImpl::ServerImpl(const ServerOptions& options, const Router& router, const Clock& clock,
                       std::vector<Middleware> middleware,
                       std::function<void(const AccessRecord&)> access_log)
    : options(options),
      router(router),
      pipeline(options, clock, std::move(middleware), options.error_log),
      pool(options.worker_threads, options.max_queued_requests),
      access_log(std::move(access_log)) {
  const int io_threads = IoThreadCount(options.io_threads);
  for (int i = 0; i < io_threads; ++i) shards_.push_back(std::make_unique<Shard>());
}

ServerImpl::~ServerImpl() {
  if (threads_running_) {
    Shutdown();
    Wait();
  }
  pool.Join();
  // Asio objects must go before their io_context; destroying an io_context
  // then destroys any coroutine frame still parked in it (each unlinks
  // itself from its shard, which is still alive).
  signals_.reset();
  acceptor_.reset();
  for (auto& shard : shards_) {
    shard->guard.reset();
    shard->io.reset();
  }
}

void ServerImpl::Run() {
  Shard& first = *shards_.front();
  signals_ = std::make_unique<asio::signal_set>(*first.io, SIGINT, SIGTERM);
  signals_->async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) Shutdown();
  });
  asio::co_spawn(*first.io, AcceptLoop(), [this](const std::exception_ptr& error) {
    if (error) pipeline.LogError("accept loop ended with an exception");
  });
  for (auto& shard : shards_) {
    shard->guard.emplace(shard->io->get_executor());
    asio::io_context* io = shard->io.get();
    shard->thread = std::thread([io] { io->run(); });
  }
  threads_running_ = true;
}

void ServerImpl::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_requested_ = true;
  cv_.notify_all();
}

void ServerImpl::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return shutdown_requested_; });
  if (drain_started_) {  // another thread drains; wait for it
    cv_.wait(lock, [this] { return drained_; });
    return;
  }
  drain_started_ = true;
  lock.unlock();
  Drain();
  lock.lock();
  drained_ = true;
  cv_.notify_all();
}

bool ServerImpl::WaitForConnections(std::chrono::steady_clock::time_point deadline) {
  // Polling keeps the connection fast path free of locks; drains are rare.
  while (live_connections.load() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void ServerImpl::Drain() {
  draining.store(true);
  auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
  asio::post(*shards_.front()->io, [this] {
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    if (signals_) signals_->cancel(ignored);
  });
  for (auto& shard : shards_) {
    Shard* s = shard.get();
    asio::post(*s->io, [s] { s->ForEachConnection([](ConnectionBase& c) { c.CloseIfIdle(); }); });
  }
  if (!WaitForConnections(deadline)) {
    pipeline.LogError("shutdown grace expired; closing remaining connections");
    for (auto& shard : shards_) {
      Shard* s = shard.get();
      asio::post(*s->io, [s] { s->ForEachConnection([](ConnectionBase& c) { c.ForceClose(); }); });
    }
  }
  // Handlers cannot be interrupted; wait for the ones still running. Their
  // connections then fail to write on the closed socket and end.
  pool.Join();
  WaitForConnections(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  StopThreads();
}

void ServerImpl::StopThreads() {
  for (auto& shard : shards_) {
    shard->guard.reset();
    shard->io->stop();
  }
  for (auto& shard : shards_) {
    if (shard->thread.joinable()) shard->thread.join();
  }
  threads_running_ = false;
}

}  // namespace latchkey::http
