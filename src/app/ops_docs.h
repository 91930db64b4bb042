// OpenAPI docs of the operators' routes outside /api/auth (http/route_doc.h,
// docs/operations.md).
#ifndef LK_APP_OPS_DOCS_H_
#define LK_APP_OPS_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::app {

inline constexpr http::ResponseDoc kHealthResponses[] = {
    {200, "The process runs",
     R"({"type":"object","required":["status"],"properties":{"status":{"const":"ok"}}})"},
};
inline constexpr http::RouteDoc kHealthDoc{.tag = "Operations", .responses = kHealthResponses};

inline constexpr http::ResponseDoc kReadyResponses[] = {
    {200,
     "The database answers and every migration is applied; `degraded` (with `reason`) while "
     "Redis is down and the node counts on its own",
     R"({"type":"object","required":["status"],
         "properties":{"status":{"enum":["ready","degraded"]},"reason":{"type":"string"}}})"},
    {503, "Not ready (Retry-After: 1)",
     R"({"type":"object","required":["status"],
         "properties":{"status":{"const":"unavailable"},"database":{"const":false}}})"},
};
inline constexpr http::RouteDoc kReadyDoc{
    .tag = "Operations",
    .description = "30 requests per 10 s per client address.",
    .responses = kReadyResponses,
};

inline constexpr http::ResponseDoc kMetricsResponses[] = {
    {200, "Prometheus text exposition (docs/operations.md)", R"({"type":"string"})", "text/plain"},
};
inline constexpr http::ErrorDoc kMetricsErrors[] = {
    {ErrorKind::kUnauthenticated, "UNAUTHORIZED",
     "metrics_token is set and Authorization: Bearer <metrics_token> is missing or wrong"},
};
inline constexpr http::RouteDoc kMetricsDoc{
    .tag = "Operations",
    .description = "30 requests per 10 s per client address.",
    .responses = kMetricsResponses,
    .errors = kMetricsErrors,
};

}  // namespace latchkey::app

#endif  // LK_APP_OPS_DOCS_H_
