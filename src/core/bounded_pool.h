// A fixed-size thread pool behind a bounded queue. Used for password hashing
// (docs/architecture.md): a flood of sign-ins saturates it but never queues work for
// seconds; excess work is refused at once so the caller can answer 503.
// Thread-safety: all methods are safe to call concurrently.
#ifndef LK_CORE_BOUNDED_POOL_H_
#define LK_CORE_BOUNDED_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace latchkey {

class BoundedPool {
 public:
  // `threads` workers; at most `max_queued` tasks wait beyond those running.
  // `nice` > 0 lowers the workers' scheduling priority (Linux per-thread
  // nice), so their CPU-bound work yields to the process's other threads.
  BoundedPool(int threads, int max_queued, int nice = 0);
  ~BoundedPool();
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // Runs fn on a pool thread and blocks until it returns. Returns nullopt at
  // once, without running fn, when the queue is full or the pool is stopping.
  template <class F>
  auto RunAndWait(F&& fn) -> std::optional<decltype(fn())> {
    using T = decltype(fn());
    std::packaged_task<T()> task(std::forward<F>(fn));
    std::future<T> future = task.get_future();
    auto shared = std::make_shared<std::packaged_task<T()>>(std::move(task));
    if (!TryEnqueue([shared] { (*shared)(); })) return std::nullopt;
    return future.get();
  }

  // True when a task offered now would be refused. A hint (the queue may
  // drain or fill right after): for refusing early, before costlier work.
  bool Saturated() const {
    std::lock_guard lock(mutex_);
    return stopping_ || static_cast<int>(queue_.size()) >= max_queued_;
  }

  int threads() const { return static_cast<int>(workers_.size()); }
  // For the metrics: tasks waiting, and workers running one now.
  int queued() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(queue_.size());
  }
  int busy() const { return busy_.load(std::memory_order_relaxed); }
  // Tasks refused since the start (a full queue, or stopping).
  std::int64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  int max_queued() const { return max_queued_; }

 private:
  bool TryEnqueue(std::function<void()> task);
  void WorkerLoop();

  const int max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
  std::atomic<int> busy_{0};
  std::atomic<std::int64_t> refused_{0};
  std::vector<std::thread> workers_;
};

}  // namespace latchkey

#endif  // LK_CORE_BOUNDED_POOL_H_
