// A bounded queue drained by one background thread: what the OTLP exporter
// and the error reporter share. Push() never blocks a request: when the queue
// is full the item is dropped and counted. The thread takes up to
// `batch_size` items when that many wait or every `interval`, and hands them
// to `send` (which may block on the network, within its own timeout).
// Thread-safety: Push() and the counters are safe from any thread.
#ifndef LK_OBSERVABILITY_TRACING_BACKGROUND_SENDER_H_
#define LK_OBSERVABILITY_TRACING_BACKGROUND_SENDER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace latchkey::tracing {

template <class T>
class BackgroundSender {
 public:
  using SendFn = std::function<void(std::vector<T>&)>;

  BackgroundSender(std::size_t limit, std::size_t batch_size, std::chrono::milliseconds interval,
                   SendFn send)
      : limit_(limit), batch_size_(batch_size), interval_(interval), send_(std::move(send)) {
    thread_ = std::thread([this] { Loop(); });
  }
  // Sends what is still queued (one last round), then joins the thread.
  ~BackgroundSender() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  BackgroundSender(const BackgroundSender&) = delete;
  BackgroundSender& operator=(const BackgroundSender&) = delete;

  // False (and counted) when the queue is full.
  bool Push(T item) {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      if (queue_.size() >= limit_ || stopping_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
      }
      queue_.push_back(std::move(item));
      wake = queue_.size() >= batch_size_;
    }
    if (wake) wake_.notify_one();
    return true;
  }
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait_for(lock, interval_, [this] { return stopping_ || queue_.size() >= batch_size_; });
      while (!queue_.empty()) {
        std::vector<T> batch;
        const std::size_t n = std::min(batch_size_, queue_.size());
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
        lock.unlock();
        send_(batch);
        lock.lock();
        if (!stopping_ && queue_.size() < batch_size_) break;
      }
      if (stopping_ && queue_.empty()) return;
    }
  }

  const std::size_t limit_;
  const std::size_t batch_size_;
  const std::chrono::milliseconds interval_;
  SendFn send_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<T> queue_;  // guarded by mutex_
  bool stopping_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread thread_;
};

struct PostResult {
  long status = 0;  // 0 when no answer came
  std::string error;
};

// POSTs `body` to `url` with `headers` ("Name: value" pairs), no redirects,
// bounded by `timeout` (libcurl). Only http and https.
PostResult HttpPostBody(const std::string& url, std::string_view content_type,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body, std::chrono::milliseconds timeout);

}  // namespace latchkey::tracing

#endif  // LK_OBSERVABILITY_TRACING_BACKGROUND_SENDER_H_
