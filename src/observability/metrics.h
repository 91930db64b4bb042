// Process-wide metrics in the Prometheus text format (GET /metrics).
// Counters and histograms are lock-free atomics, cheap enough for the hot
// path; gauges are read by a callback at scrape time (a COUNT(*) on the
// outbox, say), so nothing has to keep them up to date.
// Thread-safety: everything here is safe to call concurrently. Metrics are
// registered once (at startup or on first use) and live for the process.
#ifndef LK_OBSERVABILITY_METRICS_H_
#define LK_OBSERVABILITY_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::metrics {

class Counter {
 public:
  void Inc(std::int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Latency in milliseconds over fixed buckets, 0.1 ms … 10 s: a cached
// get-session answers in well under a millisecond, a password hash takes tens
// of milliseconds, a slow mail server seconds (docs/operations.md, Metrics).
class Histogram {
 public:
  static constexpr std::array<double, 14> kBoundsMs = {0.1, 0.25, 0.5, 1,   2.5,  5,    10,
                                                       25,  50,   100, 250, 1000, 2500, 10000};
  void Observe(double ms);
  // Cumulative count per bucket (le = kBoundsMs[i]), then +Inf.
  std::array<std::int64_t, kBoundsMs.size() + 1> Cumulative() const;
  double SumMs() const;

 private:
  std::array<std::atomic<std::int64_t>, kBoundsMs.size() + 1> buckets_{};
  std::atomic<std::int64_t> sum_us_{0};
};

class Registry {
 public:
  // `name` is a Prometheus metric name; `labels` the label set without
  // braces ("route=\"sign-in\",outcome=\"limited\"") or empty. Registering
  // the same name and labels twice returns the same metric.
  Counter& GetCounter(std::string_view name, std::string_view help, std::string_view labels = "");
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          std::string_view labels = "");
  // `read` is called at every scrape; it must be cheap and thread-safe.
  // Registering the same name and labels again replaces the reader.
  void AddGauge(std::string_view name, std::string_view help, std::string_view labels,
                std::function<double()> read);
  // A counter kept elsewhere (another module's atomic), read at every
  // scrape like a gauge; `read` must never decrease.
  void AddCounterReader(std::string_view name, std::string_view help, std::string_view labels,
                        std::function<double()> read);

  // Every metric, grouped by name with one # HELP and # TYPE line each.
  std::string RenderPrometheus() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Entry {
    std::string name;
    std::string help;
    std::string labels;
    Kind kind;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> gauge;  // a gauge's reader, or a counter kept elsewhere
  };
  Entry* Find(std::string_view name, std::string_view labels) const;
  void AddReader(Kind kind, std::string_view name, std::string_view help, std::string_view labels,
                 std::function<double()> read);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // GUARDED_BY(mu_); pointers stay stable
};

// The registry /metrics serves.
Registry& Global();

}  // namespace latchkey::metrics

#endif  // LK_OBSERVABILITY_METRICS_H_
