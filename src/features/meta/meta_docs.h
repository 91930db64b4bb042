// OpenAPI docs of GET /ok and GET /error (http/route_doc.h).
#ifndef LK_FEATURES_META_META_DOCS_H_
#define LK_FEATURES_META_META_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::meta {

inline constexpr http::ResponseDoc kOkResponses[] = {
    {200, "The auth API is up",
     R"({"type":"object","required":["ok"],"properties":{"ok":{"const":true}}})"},
};
inline constexpr http::RouteDoc kOkDoc{.tag = "Meta", .responses = kOkResponses};

inline constexpr http::FieldDoc kErrorQuery[] = {
    {"error", http::FieldType::kString, false,
     "The error code; outside [A-Za-z0-9_'-] it becomes UNKNOWN"},
    {"error_description", http::FieldType::kString, false, "Re-encoded, at most 500 characters"},
};
inline constexpr http::ResponseDoc kErrorResponses[] = {
    {302, "To /?error=CODE[&error_description=…]", ""},
};
inline constexpr http::RouteDoc kErrorDoc{
    .tag = "Meta",
    .description = "As production Better Auth: nothing the caller sent is rendered.",
    .query = kErrorQuery,
    .responses = kErrorResponses,
};

}  // namespace latchkey::meta

#endif  // LK_FEATURES_META_META_DOCS_H_
