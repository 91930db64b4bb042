// The installed reporter: rate limit, queue, sending; see error_reports.h.
#include "observability/tracing/error_reports.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <utility>
#include <vector>

#include "observability/log.h"
#include "observability/tracing/background_sender.h"
#include "observability/tracing/span.h"
#include "observability/tracing/trace_context.h"

namespace latchkey::reports {
namespace {

class Reporter {
 public:
  Reporter(const ReporterOptions& options, Dsn dsn)
      : options_(options),
        dsn_(std::move(dsn)),
        tokens_(options.per_minute),
        sender_(options.queue_limit, 1, std::chrono::milliseconds(200),
                [this](std::vector<std::string>& batch) { Send(batch); }) {
    std::string auth = "Sentry sentry_version=7, sentry_client=latchkey/" + options_.release +
                       ", sentry_key=" + dsn_.public_key;
    if (!dsn_.secret_key.empty()) auth += ", sentry_secret=" + dsn_.secret_key;
    headers_.emplace_back("X-Sentry-Auth", std::move(auth));
  }

  void Report(const ErrorReport& report) {
    if (!TakeToken()) {
      dropped_.fetch_add(1);
      return;
    }
    const tracing::TraceContext& trace = tracing::Current();
    const double now =
        static_cast<double>(tracing::NowUnixNanos()) / 1e9;  // seconds, ms precision kept
    const std::string event_id = tracing::ToHex(tracing::NewTraceId());
    std::string envelope = EncodeEnvelope(dsn_, options_, report, event_id,
                                          trace.valid ? tracing::ToHex(trace.trace_id) : "",
                                          trace.valid ? tracing::ToHex(trace.span_id) : "", now);
    if (!sender_.Push(std::move(envelope))) dropped_.fetch_add(1);
  }

  ReporterStats Stats() const { return {sent_.load(), dropped_.load(), failed_.load()}; }

 private:
  // A token bucket: per_minute tokens, refilled continuously.
  bool TakeToken() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min<double>(options_.per_minute, tokens_ + elapsed * options_.per_minute / 60);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  void Send(std::vector<std::string>& batch) {
    for (const std::string& envelope : batch) {
      tracing::PostResult result = tracing::HttpPostBody(
          dsn_.envelope_url, "application/x-sentry-envelope", headers_, envelope, options_.timeout);
      if (result.status >= 200 && result.status < 300) {
        sent_.fetch_add(1);
        continue;
      }
      failed_.fetch_add(1);
      log::Warn("error report failed",
                {{"status", static_cast<std::int64_t>(result.status)}, {"error", result.error}});
    }
  }

  const ReporterOptions options_;
  const Dsn dsn_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::mutex mutex_;
  double tokens_;  // guarded by mutex_
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> failed_{0};
  tracing::BackgroundSender<std::string> sender_;  // last: its thread stops first
};

std::atomic<Reporter*> g_reporter{nullptr};

}  // namespace

void InstallReporter(const ReporterOptions& options) {
  ShutdownReporter();
  std::optional<Dsn> dsn = ParseDsn(options.dsn);
  if (!dsn) return;
  g_reporter.store(new Reporter(options, std::move(*dsn)));
}

void ShutdownReporter() { delete g_reporter.exchange(nullptr); }

bool ReporterEnabled() { return g_reporter.load(std::memory_order_relaxed) != nullptr; }

void Report(const ErrorReport& report) {
  if (Reporter* reporter = g_reporter.load(std::memory_order_relaxed)) reporter->Report(report);
}

ReporterStats ReportStats() {
  Reporter* reporter = g_reporter.load();
  return reporter ? reporter->Stats() : ReporterStats{};
}

}  // namespace latchkey::reports
