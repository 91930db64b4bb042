#include "core/bounded_pool.h"

#include <sys/resource.h>
#include <unistd.h>

namespace latchkey {

BoundedPool::BoundedPool(int threads, int max_queued, int nice) : max_queued_(max_queued) {
  if (threads < 1) threads = 1;
  workers_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    workers_.emplace_back([this, nice] {
      // On Linux a thread id is a valid PRIO_PROCESS target and nice is per
      // thread. Best effort: an unprivileged process may always lower its own
      // priority, and a failure only leaves the thread at normal priority.
      if (nice > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
      WorkerLoop();
    });
  }
}

BoundedPool::~BoundedPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

bool BoundedPool::TryEnqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || static_cast<int>(queue_.size()) >= max_queued_) {
      refused_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void BoundedPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Drain what was accepted before stopping: a caller is blocked on it.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
      busy_.fetch_add(1, std::memory_order_relaxed);
    }
    task();
    busy_.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace latchkey
