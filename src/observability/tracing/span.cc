// Span scopes and the request span; see span.h.
#include "observability/tracing/span.h"

#include <chrono>

#include "observability/tracing/tracer.h"

namespace latchkey::tracing {

std::uint64_t NowUnixNanos() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

Span::Span(std::string_view name, SpanKind kind) {
  const TraceContext& parent = Current();
  if (!parent.valid || !parent.sampled) return;
  Start(parent, name, kind);
}

Span::Span(Root, std::string_view name, SpanKind kind) {
  const TraceContext& current = Current();
  if (current.valid) {
    if (current.sampled) Start(current, name, kind);
    return;
  }
  if (!Enabled()) return;
  TraceContext root;
  root.trace_id = NewTraceId();
  root.valid = true;
  root.sampled = SampleNew(root.trace_id);
  if (!root.sampled) {
    root.span_id = NewSpanId();
    scope_ = std::make_unique<ScopedContext>(root);  // propagated as not sampled
    return;
  }
  Start(root, name, kind);
}

void Span::Start(const TraceContext& parent, std::string_view name, SpanKind kind) {
  data_ = std::make_unique<SpanData>();
  data_->name.assign(name);
  data_->kind = kind;
  data_->trace_id = parent.trace_id;
  if (parent.span_id != SpanId{}) data_->parent_span_id = parent.span_id;
  data_->span_id = NewSpanId();
  data_->tracestate.assign(parent.tracestate);
  data_->start_ns = NowUnixNanos();
  TraceContext mine = parent;
  mine.span_id = data_->span_id;
  scope_ = std::make_unique<ScopedContext>(mine);
}

void Span::Set(std::string_view key, std::string_view value) {
  if (data_) data_->attributes.emplace_back(key, std::string(value));
}

void Span::Set(std::string_view key, std::int64_t value) {
  if (data_) data_->attributes.emplace_back(key, value);
}

void Span::SetError(std::string_view message) {
  if (!data_) return;
  data_->status = SpanStatus::kError;
  data_->status_message.assign(message);
}

void Span::End() {
  scope_.reset();
  if (!data_) return;
  data_->end_ns = NowUnixNanos();
  Submit(std::move(data_));
}

void RequestSpan::Start(std::string_view traceparent, std::string_view tracestate) {
  context_ = TraceContext{};
  tracestate_.clear();  // the object serves every request of a kept-alive connection
  if (!Enabled()) return;
  std::optional<TraceContext> parent;
  if (!traceparent.empty()) parent = ParseTraceparent(traceparent);
  if (parent) {
    context_ = *parent;
    parent_ = parent->span_id;
    // tracestate is meaningful only beside a valid traceparent; bounded (W3C: 512 bytes).
    if (tracestate.size() <= 512) tracestate_.assign(tracestate);
  } else {
    context_.trace_id = NewTraceId();
    context_.sampled = SampleNew(context_.trace_id);
    context_.valid = true;
    parent_ = SpanId{};
  }
  context_.span_id = NewSpanId();
  context_.tracestate = tracestate_;
  start_ns_ = NowUnixNanos();
}

void RequestSpan::Finish(std::string_view method, std::string_view route, int status,
                         std::string_view request_id) {
  if (!context_.valid) return;
  const bool sampled = context_.sampled;
  context_.valid = false;
  if (!sampled) return;
  auto span = std::make_unique<SpanData>();
  span->name.assign(method);
  if (!route.empty()) {
    span->name.push_back(' ');
    span->name.append(route);
  }
  span->kind = SpanKind::kServer;
  span->trace_id = context_.trace_id;
  span->span_id = context_.span_id;
  span->parent_span_id = parent_;
  span->tracestate = tracestate_;
  span->start_ns = start_ns_;
  span->end_ns = NowUnixNanos();
  span->attributes.reserve(4);
  span->attributes.emplace_back("http.request.method", std::string(method));
  if (!route.empty()) span->attributes.emplace_back("http.route", std::string(route));
  span->attributes.emplace_back("http.response.status_code", std::int64_t{status});
  // Only a caller's own id: when latchkey chose it, the request id is the trace id.
  if (request_id.size() != 32 || request_id != ToHex(context_.trace_id)) {
    span->attributes.emplace_back("latchkey.request_id", std::string(request_id));
  }
  // A server span is an error for a 5xx only (OpenTelemetry HTTP semantic conventions).
  if (status >= 500) span->status = SpanStatus::kError;
  Submit(std::move(span));
}

}  // namespace latchkey::tracing
