// The W3C Trace Context of the work a thread is doing (docs/operations.md,
// "Tracing"): a trace id, the id of the current span, whether the trace is
// sampled, and the caller's `tracestate`. A request's context is set on the
// worker thread for as long as its handler runs (ScopedContext), so spans,
// log lines and outbound calls made on that thread find it without an
// argument. When tracing is off the context is empty and nothing reads more
// than its `valid` flag.
// Thread-safety: the current context is per thread.
#ifndef LK_OBSERVABILITY_TRACING_TRACE_CONTEXT_H_
#define LK_OBSERVABILITY_TRACING_TRACE_CONTEXT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace latchkey::tracing {

using TraceId = std::array<std::uint8_t, 16>;
using SpanId = std::array<std::uint8_t, 8>;

struct TraceContext {
  TraceId trace_id{};
  SpanId span_id{};  // the current span: the parent of the next one
  bool sampled = false;
  bool valid = false;           // false: no trace (tracing off, or outside a request)
  std::string_view tracestate;  // the caller's, propagated as is; owned by the request
};

namespace internal {
inline thread_local TraceContext t_current;
}  // namespace internal

// The context of the work on this thread; `valid` is false outside a trace.
inline const TraceContext& Current() { return internal::t_current; }

// Makes `context` current until destroyed, then restores the previous one.
class ScopedContext {
 public:
  explicit ScopedContext(const TraceContext& context) : previous_(internal::t_current) {
    internal::t_current = context;
  }
  ~ScopedContext() { internal::t_current = previous_; }
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;

 private:
  TraceContext previous_;
};

// Lower-case hex of the ids (32 and 16 characters). Inline: the log writer
// uses them without linking the tracing library.
template <std::size_t N>
std::string ToHex(const std::array<std::uint8_t, N>& bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(N * 2, '0');
  for (std::size_t i = 0; i < N; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return out;
}

// Parses a W3C `traceparent` ("00-<32 hex>-<16 hex>-<2 hex>"); nullopt for
// anything else, an all-zero id, or version ff. Later versions are read by
// their first four fields, as the specification asks.
std::optional<TraceContext> ParseTraceparent(std::string_view header);

// "00-<trace id>-<span id>-01|00" for `context`.
std::string FormatTraceparent(const TraceContext& context);

// Fresh random ids (never all zero). Not secrets: a per-thread PRNG.
TraceId NewTraceId();
SpanId NewSpanId();

}  // namespace latchkey::tracing

#endif  // LK_OBSERVABILITY_TRACING_TRACE_CONTEXT_H_
