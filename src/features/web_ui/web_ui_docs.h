// The OpenAPI docs of the web pages' routes (http/route_doc.h).
#ifndef LK_FEATURES_WEB_UI_WEB_UI_DOCS_H_
#define LK_FEATURES_WEB_UI_WEB_UI_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::web_ui {

inline constexpr http::ResponseDoc kPageResponses[] = {
    {200, "The web app's page (the same index.html for every page path; the app routes itself)",
     R"({"type":"string"})", "text/html"},
};
inline constexpr http::RouteDoc kPageDoc{
    .tag = "Web pages",
    .description =
        "A hosted page (docs/web.md). Everything it loads comes from this server "
        "(Content-Security-Policy: 'self' only, no inline script). Absent with "
        "web_ui = false.",
    .responses = kPageResponses,
};

inline constexpr http::ResponseDoc kScriptResponses[] = {
    {200, "JavaScript; cached for a year when the URL carries the build's hash (?v=)",
     R"({"type":"string"})", "text/javascript"},
};
inline constexpr http::RouteDoc kScriptDoc{
    .tag = "Web pages",
    .description = "The web app's script (built by Vite from web/).",
    .responses = kScriptResponses,
};

inline constexpr http::ResponseDoc kStyleResponses[] = {
    {200, "CSS; cached for a year when the URL carries the build's hash (?v=)",
     R"({"type":"string"})", "text/css"},
};
inline constexpr http::RouteDoc kStyleDoc{
    .tag = "Web pages",
    .description = "The web app's stylesheet.",
    .responses = kStyleResponses,
};

inline constexpr http::ResponseDoc kChartsResponses[] = {
    {200, "JavaScript; revalidated by its ETag (304 when unchanged)", R"({"type":"string"})",
     "text/javascript"},
};
inline constexpr http::RouteDoc kChartsDoc{
    .tag = "Web pages",
    .description = "The admin dashboard's chart library, a chunk the script loads on demand.",
    .responses = kChartsResponses,
};

}  // namespace latchkey::web_ui

#endif  // LK_FEATURES_WEB_UI_WEB_UI_DOCS_H_
