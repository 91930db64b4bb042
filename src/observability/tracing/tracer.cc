// The installed tracer: sampling, the export queue and thread; see tracer.h.
#include "observability/tracing/tracer.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <optional>

#include "observability/log.h"
#include "observability/tracing/background_sender.h"
#include "observability/tracing/otlp_json.h"

namespace latchkey::tracing {
namespace {

using SpanPtr = std::unique_ptr<SpanData>;

class Tracer {
 public:
  explicit Tracer(const TracerOptions& options)
      : options_(options),
        url_(TracesUrl(options.endpoint)),
        threshold_(Threshold(options.sample_ratio)),
        sender_(options.queue_limit, options.batch_size, options.flush_interval,
                [this](std::vector<SpanPtr>& batch) { Export(batch); }) {}

  bool Sample(const TraceId& id) const {
    if (threshold_ == 0) return false;
    if (threshold_ == std::numeric_limits<std::uint64_t>::max()) return true;
    std::uint64_t low = 0;
    for (std::size_t i = 8; i < 16; ++i) low = (low << 8) | id[i];
    return low < threshold_;
  }
  void Submit(SpanPtr span) { sender_.Push(std::move(span)); }
  TracerStats Stats() const { return {exported_.load(), sender_.dropped(), failed_.load()}; }

 private:
  static std::string TracesUrl(const std::string& endpoint) {
    std::string url = endpoint;
    if (url.ends_with("/v1/traces")) return url;
    while (url.ends_with('/')) url.pop_back();
    return url + "/v1/traces";
  }
  static std::uint64_t Threshold(double ratio) {
    if (!(ratio > 0)) return 0;
    if (ratio >= 1) return std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(std::ldexp(ratio, 64));
  }

  void Export(std::vector<SpanPtr>& batch) {
    const std::string body = EncodeOtlpJson(batch, options_.service_name, options_.service_version);
    PostResult result =
        HttpPostBody(url_, "application/json", options_.headers, body, options_.timeout);
    if (result.status >= 200 && result.status < 300) {
      exported_.fetch_add(batch.size());
      return;
    }
    failed_.fetch_add(1);
    // The endpoint and status only: the headers may hold an API key.
    log::Warn("trace export failed", {{"status", static_cast<std::int64_t>(result.status)},
                                      {"error", result.error},
                                      {"spans", static_cast<std::int64_t>(batch.size())}});
  }

  const TracerOptions options_;
  const std::string url_;
  const std::uint64_t threshold_;
  std::atomic<std::uint64_t> exported_{0};
  std::atomic<std::uint64_t> failed_{0};
  BackgroundSender<SpanPtr> sender_;  // last: its thread stops first
};

std::atomic<Tracer*> g_tracer{nullptr};

}  // namespace

void Install(const TracerOptions& options) {
  Shutdown();
  g_tracer.store(new Tracer(options));
}

void Shutdown() {
  // Called once requests have stopped, so no thread still holds the pointer.
  delete g_tracer.exchange(nullptr);
}

bool Enabled() { return g_tracer.load(std::memory_order_relaxed) != nullptr; }

bool SampleNew(const TraceId& id) {
  Tracer* tracer = g_tracer.load(std::memory_order_relaxed);
  return tracer != nullptr && tracer->Sample(id);
}

void Submit(std::unique_ptr<SpanData> span) {
  if (Tracer* tracer = g_tracer.load(std::memory_order_relaxed)) tracer->Submit(std::move(span));
}

TracerStats Stats() {
  Tracer* tracer = g_tracer.load();
  return tracer ? tracer->Stats() : TracerStats{};
}

namespace {
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = HexDigit(text[i + 1]);
    int low = HexDigit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsToken(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}
}  // namespace

bool ParseHeaderList(std::string_view text, std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view entry = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos) return false;
    std::string_view name = Trim(entry.substr(0, equals));
    std::optional<std::string> value = PercentDecode(Trim(entry.substr(equals + 1)));
    if (!IsToken(name) || !value) return false;
    // A header value must not carry a line break (header injection).
    if (value->find_first_of("\r\n") != std::string::npos) return false;
    out.emplace_back(std::string(name), std::move(*value));
  }
  return true;
}

}  // namespace latchkey::tracing
