// Worker threads with spin-then-sleep and wake-only-when-needed posting.
#include "http/worker_pool.h"

#include <sched.h>

namespace latchkey::http {
namespace {

// How many times an idle worker yields and re-checks the queue before it
// sleeps. Each yield is a short syscall (about a microsecond), so this spins
// for tens of microseconds: long enough to catch back-to-back requests under
// load, short enough to cost nothing at low rates.
constexpr int kSpinYields = 64;

}  // namespace

WorkerPool::WorkerPool(int threads, int max_queued) : max_queued_(max_queued < 1 ? 1 : max_queued) {
  const int count = threads < 1 ? 1 : threads;
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

WorkerPool::~WorkerPool() { Join(); }

bool WorkerPool::TryReserve() {
  if (reserved_.fetch_add(1, std::memory_order_relaxed) >= max_queued_) {
    reserved_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  return true;
}

void WorkerPool::Enqueue(std::unique_ptr<Task> task) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) {
    // Only during shutdown, when workers may already be gone: run it here
    // rather than leave a coroutine waiting forever.
    lock.unlock();
    reserved_.fetch_sub(1, std::memory_order_relaxed);
    task->Run();
    return;
  }
  queue_.push_back(std::move(task));
  queued_.fetch_add(1, std::memory_order_release);
  // A spinning worker will take it; otherwise wake a sleeper.
  const bool wake = spinning_ == 0 && sleeping_ > 0;
  lock.unlock();
  if (wake) wake_.notify_one();
}

bool WorkerPool::SpinForWork() {
  for (int i = 0; i < kSpinYields; ++i) {
    if (queued_.load(std::memory_order_acquire) > 0) return true;
    sched_yield();
  }
  return false;
}

void WorkerPool::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (!queue_.empty()) {
      std::unique_ptr<Task> task = std::move(queue_.front());
      queue_.pop_front();
      queued_.fetch_sub(1, std::memory_order_relaxed);
      // More work behind this one and nobody looking for it: hand it on.
      const bool wake_other = !queue_.empty() && spinning_ == 0 && sleeping_ > 0;
      lock.unlock();
      if (wake_other) wake_.notify_one();
      reserved_.fetch_sub(1, std::memory_order_relaxed);
      task->Run();
      task.reset();
      lock.lock();
      continue;
    }
    if (stopping_) return;
    ++spinning_;
    lock.unlock();
    SpinForWork();
    lock.lock();
    --spinning_;
    if (!queue_.empty() || stopping_) continue;
    ++sleeping_;
    wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    --sleeping_;
  }
}

void WorkerPool::Join() {
  std::lock_guard<std::mutex> join_lock(join_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace latchkey::http
