// The process's tracer (docs/operations.md, "Tracing"): sampling and the
// OTLP/HTTP exporter behind spans. Installed once by `serve` when
// `otlp_endpoint` is set; without it every span is a no-op and requests
// carry no trace.
// Thread-safety: Install/Shutdown at startup and shutdown only; the rest is
// safe from any thread.
#ifndef LK_OBSERVABILITY_TRACING_TRACER_H_
#define LK_OBSERVABILITY_TRACING_TRACER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "observability/tracing/span.h"

namespace latchkey::tracing {

struct TracerOptions {
  // Base URL of the collector's OTLP/HTTP receiver; spans go to
  // <endpoint>/v1/traces (the OTLP exporter convention), unless the URL
  // already ends with /v1/traces.
  std::string endpoint;
  std::vector<std::pair<std::string, std::string>> headers;  // secret (API keys)
  double sample_ratio = 1.0;       // for traces this node starts; a parent's flag wins
  std::size_t queue_limit = 4096;  // finished spans waiting; beyond: dropped, counted
  std::size_t batch_size = 512;
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::milliseconds timeout{5000};  // one export request
  std::string service_name = "latchkey";
  std::string service_version;
};

// Starts the exporter thread and turns tracing on.
void Install(const TracerOptions& options);
// Exports what is queued (within the timeout), stops the thread, turns
// tracing off.
void Shutdown();
bool Enabled();
// Whether a trace this node starts is sampled (by its id, so every node that
// sees the id without a flag decides alike).
bool SampleNew(const TraceId& id);
// Queues a finished span for export (dropped and counted when the queue is full).
void Submit(std::unique_ptr<SpanData> span);

struct TracerStats {
  std::uint64_t exported = 0;
  std::uint64_t dropped = 0;  // queue full
  std::uint64_t failed = 0;   // export requests that failed (their spans are lost)
};
TracerStats Stats();

// "k1=v1,k2=v2" → pairs in `out` (the `otlp_headers` setting, in
// OTEL_EXPORTER_OTLP_HEADERS's format); values are percent-decoded. False on
// a malformed entry (no "=", a name that is not a token, a line break).
bool ParseHeaderList(std::string_view text, std::vector<std::pair<std::string, std::string>>& out);

}  // namespace latchkey::tracing

#endif  // LK_OBSERVABILITY_TRACING_TRACER_H_
