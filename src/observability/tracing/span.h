// Spans (docs/operations.md, "Tracing"). A Span is a scope: it starts as a
// child of the thread's current context, becomes the current context until
// it ends, and on ending goes to the exporter. It records nothing (and costs
// one thread-local read) unless tracing is on and the trace is sampled.
// RequestSpan is the server span of one HTTP request, which starts and ends
// on an I/O thread while its handler runs on a worker (http/ carries it).
// Attribute values are never secrets or personal data: callers pass route
// templates, statement kinds, host names and status codes, nothing a user
// typed.
// Thread-safety: a Span belongs to the thread that made it.
#ifndef LK_OBSERVABILITY_TRACING_SPAN_H_
#define LK_OBSERVABILITY_TRACING_SPAN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "observability/tracing/trace_context.h"

namespace latchkey::tracing {

// OTLP's SpanKind numbers.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4 };
// OTLP's status codes: unset (the default), ok, error.
enum class SpanStatus { kUnset = 0, kOk = 1, kError = 2 };

using AttributeValue = std::variant<std::string, std::int64_t, double, bool>;

struct SpanData {
  std::string name;
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};  // all zero for a root span
  std::string tracestate;
  SpanKind kind = SpanKind::kInternal;
  std::uint64_t start_ns = 0;  // Unix time, nanoseconds
  std::uint64_t end_ns = 0;
  // Keys are string literals (static storage): one allocation less per attribute.
  std::vector<std::pair<std::string_view, AttributeValue>> attributes;
  SpanStatus status = SpanStatus::kUnset;
  std::string status_message;
};

class Span {
 public:
  // A child of Current(); records only when Current() is sampled.
  explicit Span(std::string_view name, SpanKind kind = SpanKind::kInternal);
  // Root: starts its own trace (sampled by the ratio) when no trace is
  // current, for work outside a request (the mail sender, webhook deliveries).
  struct Root {};
  Span(Root, std::string_view name, SpanKind kind);
  ~Span() { End(); }
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  bool recording() const { return data_ != nullptr; }
  // REQUIRES: `key` is a string literal (SpanData::attributes keeps the view).
  void Set(std::string_view key, std::string_view value);
  void Set(std::string_view key, std::int64_t value);
  void SetError(std::string_view message);
  // Ends the span now (the destructor does it otherwise) and restores the
  // context that was current when it started.
  void End();

 private:
  void Start(const TraceContext& parent, std::string_view name, SpanKind kind);

  std::unique_ptr<SpanData> data_;
  std::unique_ptr<ScopedContext> scope_;  // set while this span is current
};

// The server span of one request. Start() and Finish() run on the I/O
// thread; context() is what the worker makes current.
class RequestSpan {
 public:
  // Reads the incoming `traceparent`/`tracestate` (either may be empty) and
  // decides sampling: a valid parent's flag is kept, otherwise the ratio
  // decides. Leaves the span empty (context().valid false) when tracing is
  // off.
  void Start(std::string_view traceparent, std::string_view tracestate);
  const TraceContext& context() const { return context_; }
  // Ends the span: name "<method> <route>" (or the method alone when no route
  // matched), the http.* attributes, error status for a 5xx. Exported when
  // sampled. Leaves the span empty.
  void Finish(std::string_view method, std::string_view route, int status,
              std::string_view request_id);

 private:
  TraceContext context_;
  SpanId parent_{};
  std::string tracestate_;
  std::uint64_t start_ns_ = 0;
};

// Nanoseconds since the Unix epoch.
std::uint64_t NowUnixNanos();

}  // namespace latchkey::tracing

#endif  // LK_OBSERVABILITY_TRACING_SPAN_H_
