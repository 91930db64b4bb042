// The bounded handler pool, and an async operation that runs a function on a
// worker and resumes the caller on its own (I/O) executor.
//
// Why not boost::asio::thread_pool: it wakes a sleeping thread for every
// post, so each request paid a futex wake and two context switches. Here a
// worker that runs out of work spins briefly (yielding) before it sleeps, and
// a post wakes a sleeper only when no worker is spinning; under load the
// spinning worker takes the next request without any wake-up.
// Internal to src/http (includes Asio). Thread-safety: all public members are
// safe to call from any thread.
#ifndef LK_HTTP_WORKER_POOL_H_
#define LK_HTTP_WORKER_POOL_H_

#include <atomic>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace latchkey::http {

class WorkerPool {
 public:
  WorkerPool(int threads, int max_queued);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  // Reserves a place in the queue. False when max_queued requests are
  // already waiting for a worker: the caller answers 503 instead of queueing
  // work that would wait for seconds.
  bool TryReserve();

  // REQUIRES: a successful TryReserve() for this call. Runs fn() on a worker
  // thread, then completes `token` (signature void()) through the token's
  // associated executor, so a coroutine resumes on its own I/O thread.
  // fn must not throw.
  template <class Fn, class Token>
  auto AsyncRun(Fn fn, Token&& token) {
    return boost::asio::async_initiate<Token, void()>(
        [this](auto handler, Fn work) {
          Enqueue(std::make_unique<TaskImpl<Fn, decltype(handler)>>(std::move(work),
                                                                    std::move(handler)));
        },
        token, std::move(fn));
  }

  // Runs every queued task, then stops and joins the workers; work submitted
  // afterwards runs on the submitting thread. Idempotent.
  void Join();

 private:
  struct Task {
    virtual ~Task() = default;
    virtual void Run() = 0;
  };
  template <class Fn, class Handler>
  struct TaskImpl final : Task {
    TaskImpl(Fn f, Handler h) : fn(std::move(f)), handler(std::move(h)) {}
    void Run() override {
      fn();
      auto executor = boost::asio::get_associated_executor(handler);
      boost::asio::post(executor, std::move(handler));
    }
    Fn fn;
    Handler handler;
  };

  void Enqueue(std::unique_ptr<Task> task);
  void WorkerLoop();
  bool SpinForWork();

  const int max_queued_;
  std::atomic<int> reserved_{0};  // reserved or queued, not yet started
  std::atomic<int> queued_{0};    // mirrors queue_.size() for lock-free spinning
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Task>> queue_;  // GUARDED_BY(mu_)
  int spinning_ = 0;                         // GUARDED_BY(mu_)
  int sleeping_ = 0;                         // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::mutex join_mu_;                       // serialises Join()
  std::vector<std::thread> threads_;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_WORKER_POOL_H_
