// The OpenAPI docs of the openapi feature's own routes (http/route_doc.h).
#ifndef LK_FEATURES_OPENAPI_OPENAPI_DOCS_H_
#define LK_FEATURES_OPENAPI_OPENAPI_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::openapi {

inline constexpr http::ResponseDoc kSchemaResponses[] = {
    {200, "The OpenAPI 3.1 document (Cache-Control: no-cache)",
     R"({"type":"object","required":["openapi","info","paths"],
         "properties":{"openapi":{"const":"3.1.0"},"info":{"type":"object"},
                       "servers":{"type":"array"},"paths":{"type":"object"},
                       "components":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kSchemaErrors[] = {
    {ErrorKind::kInternal, "INTERNAL_SERVER_ERROR", "a route's doc is malformed (a build defect)"},
};
inline constexpr http::RouteDoc kSchemaDoc{
    .tag = "Reference",
    .description =
        "Generated from every route the server registered: their fields, responses "
        "and error codes come from each feature's route docs. Routes outside "
        "/api/auth (health, metrics) are included.",
    .responses = kSchemaResponses,
    .errors = kSchemaErrors,
};

inline constexpr http::ResponseDoc kPageResponses[] = {
    {200, "The reference page (Swagger UI, served from this origin only)", R"({"type":"string"})",
     "text/html"},
};
inline constexpr http::RouteDoc kPageDoc{
    .tag = "Reference",
    .description =
        "An interactive reference of this document. Everything it loads comes from "
        "this server (Content-Security-Policy: 'self' only); nothing from a CDN.",
    .responses = kPageResponses,
};

inline constexpr http::ResponseDoc kScriptResponses[] = {
    {200, "JavaScript, cached for a year (the URL carries the viewer's version)",
     R"({"type":"string"})", "text/javascript"},
};
inline constexpr http::RouteDoc kScriptDoc{
    .tag = "Reference",
    .description = "A file of the reference page.",
    .responses = kScriptResponses,
};

inline constexpr http::ResponseDoc kStartResponses[] = {
    {200, "JavaScript (Cache-Control: no-cache)", R"({"type":"string"})", "text/javascript"},
};
inline constexpr http::RouteDoc kStartDoc{
    .tag = "Reference",
    .description = "The page's start script: points Swagger UI at the generated document.",
    .responses = kStartResponses,
};

inline constexpr http::ResponseDoc kStyleResponses[] = {
    {200, "CSS, cached for a year (the URL carries the viewer's version)", R"({"type":"string"})",
     "text/css"},
};
inline constexpr http::RouteDoc kStyleDoc{
    .tag = "Reference",
    .description = "A file of the reference page.",
    .responses = kStyleResponses,
};

}  // namespace latchkey::openapi

#endif  // LK_FEATURES_OPENAPI_OPENAPI_DOCS_H_
