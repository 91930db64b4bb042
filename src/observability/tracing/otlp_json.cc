// ExportTraceServiceRequest as JSON (OTLP specification, "JSON Protobuf Encoding").
#include "observability/tracing/otlp_json.h"

#include <array>
#include <cstdint>
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
    char buf[24];
    const int n = std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(*i));
    out += "\"intValue\":\"";
    out.append(buf, static_cast<std::size_t>(n));
    out.push_back('"');
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

template <std::size_t N>
void AppendHex(std::string& out, const std::array<std::uint8_t, N>& bytes) {
  constexpr char kDigits[] = "0123456789abcdef";
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
}

void AppendUint(std::string& out, std::uint64_t value) {
  char buf[24];
  const int n = std::snprintf(buf, sizeof(buf), "%llu", static_cast<unsigned long long>(value));
  out.append(buf, static_cast<std::size_t>(n));
}

void AppendSpan(std::string& out, const SpanData& span) {
  out += "{\"traceId\":\"";
  AppendHex(out, span.trace_id);
  out += "\",\"spanId\":\"";
  AppendHex(out, span.span_id);
  out.push_back('"');
  if (span.parent_span_id != SpanId{}) {
    out += ",\"parentSpanId\":\"";
    AppendHex(out, span.parent_span_id);
    out.push_back('"');
  }
  if (!span.tracestate.empty()) {
    out += ",\"traceState\":";
    json::AppendString(out, span.tracestate);
  }
  out += ",\"name\":";
  json::AppendString(out, span.name);
  out += ",\"kind\":";
  AppendUint(out, static_cast<std::uint64_t>(span.kind));
  out += ",\"startTimeUnixNano\":\"";
  AppendUint(out, span.start_ns);
  out += "\",\"endTimeUnixNano\":\"";
  AppendUint(out, span.end_ns);
  out.push_back('"');
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
  AppendAttribute(out, "service.name", AttributeValue(std::string(service_name)));
  if (!service_version.empty()) {
    out.push_back(',');
    AppendAttribute(out, "service.version", AttributeValue(std::string(service_version)));
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
