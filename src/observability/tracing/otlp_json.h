// OTLP/HTTP's JSON encoding of spans (ExportTraceServiceRequest, the
// specification's JSON mapping: lower-case hex ids, int64 as decimal
// strings, enums as numbers). Internal to tracing/.
#ifndef LK_OBSERVABILITY_TRACING_OTLP_JSON_H_
#define LK_OBSERVABILITY_TRACING_OTLP_JSON_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "observability/tracing/span.h"

namespace latchkey::tracing {

// One request holding `spans` under one resource (service.name, service.version).
std::string EncodeOtlpJson(const std::vector<std::unique_ptr<SpanData>>& spans,
                           std::string_view service_name, std::string_view service_version);

}  // namespace latchkey::tracing

#endif  // LK_OBSERVABILITY_TRACING_OTLP_JSON_H_
