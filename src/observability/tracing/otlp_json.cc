// ExportTraceServiceRequest as JSON (OTLP specification, "JSON Protobuf Encoding").
#include "observability/tracing/otlp_json.h"

#include <cstdio>

#include "core/json_writer.h"

namespace latchkey::tracing {
namespace {

void AppendAttribute(std::string& out, std::string_view key, const AttributeValue& value) {
  out += "{\"key\":";
  json::AppendString(out, key);
  out += ",\"value\":{";
  if (const auto* s = std::get_if<std::string>(&value)) {
    out += "\"stringValue\":";
    json::AppendString(out, *s);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    out += "\"intValue\":\"" + std::to_string(*i) + "\"";
  } else if (const auto* d = std::get_if<double>(&value)) {
    char buf[40];
    (void)std::snprintf(buf, sizeof(buf), "%.17g", *d);
    out += "\"doubleValue\":";
    out += buf;
  } else {
    out += std::get<bool>(value) ? "\"boolValue\":true" : "\"boolValue\":false";
  }
  out += "}}";
}

void AppendSpan(std::string& out, const SpanData& span) {
  out += "{\"traceId\":\"" + ToHex(span.trace_id) + "\",\"spanId\":\"" + ToHex(span.span_id) + "\"";
  if (span.parent_span_id != SpanId{}) {
    out += ",\"parentSpanId\":\"" + ToHex(span.parent_span_id) + "\"";
  }
  if (!span.tracestate.empty()) {
    out += ",\"traceState\":";
    json::AppendString(out, span.tracestate);
  }
  out += ",\"name\":";
  json::AppendString(out, span.name);
  out += ",\"kind\":" + std::to_string(static_cast<int>(span.kind));
  out += ",\"startTimeUnixNano\":\"" + std::to_string(span.start_ns) + "\"";
  out += ",\"endTimeUnixNano\":\"" + std::to_string(span.end_ns) + "\"";
  out += ",\"attributes\":[";
  bool first = true;
  for (const auto& [key, value] : span.attributes) {
    if (!first) out.push_back(',');
    first = false;
    AppendAttribute(out, key, value);
  }
  out += "],\"status\":{";
  if (span.status != SpanStatus::kUnset) {
    out += "\"code\":" + std::to_string(static_cast<int>(span.status));
    if (!span.status_message.empty()) {
      out += ",\"message\":";
      json::AppendString(out, span.status_message);
    }
  }
  out += "}}";
}

}  // namespace

std::string EncodeOtlpJson(const std::vector<std::unique_ptr<SpanData>>& spans,
                           std::string_view service_name, std::string_view service_version) {
  std::string out;
  out.reserve(256 + spans.size() * 400);
  out += "{\"resourceSpans\":[{\"resource\":{\"attributes\":[";
  AppendAttribute(out, "service.name", std::string(service_name));
  if (!service_version.empty()) {
    out.push_back(',');
    AppendAttribute(out, "service.version", std::string(service_version));
  }
  out += "]},\"scopeSpans\":[{\"scope\":{\"name\":\"latchkey\"";
  if (!service_version.empty()) {
    out += ",\"version\":";
    json::AppendString(out, service_version);
  }
  out += "},\"spans\":[";
  bool first = true;
  for (const auto& span : spans) {
    if (!first) out.push_back(',');
    first = false;
    AppendSpan(out, *span);
  }
  out += "]}]}]}";
  return out;
}

}  // namespace latchkey::tracing
