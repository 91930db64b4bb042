#include "features/openapi/reference_page.h"

#include <string>

#include "features/openapi/openapi_docs.h"
#include "http/content_coding.h"

namespace latchkey::openapi {
namespace {

// LATCHKEY_SWAGGER_UI_VERSION comes from web/node_modules/swagger-ui-dist's
// package.json (src/features/openapi/CMakeLists.txt). The asset URLs carry
// it, so a rebuild with another version is never served from a stale cache.
#define LK_ASSET_VERSION "?v=" LATCHKEY_SWAGGER_UI_VERSION

constexpr std::string_view kPage =
    R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference</title>
<link rel="stylesheet" href="/api/auth/reference/swagger-ui.css)" LK_ASSET_VERSION R"(">
</head>
<body>
<div id="reference"></div>
<script src="/api/auth/reference/swagger-ui-bundle.js)" LK_ASSET_VERSION R"("></script>
<script src="/api/auth/reference/reference.js)" LK_ASSET_VERSION R"("></script>
</body>
</html>
)";

// No inline script, so the CSP needs no hash or nonce. validatorUrl null:
// Swagger UI would otherwise send the document to validator.swagger.io.
constexpr std::string_view kStartScript = R"(// Starts Swagger UI on this server's OpenAPI document.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/auth/open-api/generate-schema",
    dom_id: "#reference",
    deepLinking: true,
    validatorUrl: null,
  });
});
)";

// Only this origin, and no inline code: Swagger UI sets element styles
// through the CSSOM (which style-src does not govern), draws its icons from
// data: URIs, and "Try it out" calls the API on this origin (connect-src).
// Checked in headless Chromium with every operation expanded: no violation.
constexpr std::string_view kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

constexpr http::RouteSpec kPageRoute{.method = http::Method::kGet,
                                     .path = "/api/auth/reference",
                                     .summary = "The interactive API reference (Swagger UI)",
                                     .doc = &kPageDoc};
constexpr http::RouteSpec kBundleRoute{.method = http::Method::kGet,
                                       .path = "/api/auth/reference/swagger-ui-bundle.js",
                                       .summary = "Swagger UI's script (embedded npm bundle)",
                                       .doc = &kScriptDoc};
constexpr http::RouteSpec kStyleRoute{.method = http::Method::kGet,
                                      .path = "/api/auth/reference/swagger-ui.css",
                                      .summary = "Swagger UI's stylesheet (embedded npm file)",
                                      .doc = &kStyleDoc};
constexpr http::RouteSpec kStartRoute{.method = http::Method::kGet,
                                      .path = "/api/auth/reference/reference.js",
                                      .summary = "Starts Swagger UI on the generated document",
                                      .doc = &kStartDoc};

// `gzip`, when given, is the same body compressed: sent to clients that take
// it (Vary: Accept-Encoding either way).
platform::Handler Asset(std::string_view body, std::string content_type, bool immutable,
                        std::string_view gzip = {}) {
  return [body, content_type = std::move(content_type), immutable, gzip](
             const http::Request& request, platform::Call&) -> Result<http::Response> {
    http::Response response = http::Response::Text(std::string(body), content_type);
    if (!gzip.empty()) {
      LK_ASSIGN_OR_RETURN(
          response, http::StoredText(request, gzip, content_type, [body]() -> Result<std::string> {
            return std::string(body);
          }));
    }
    response.AddHeader("Cache-Control",
                       immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.AddHeader("Content-Security-Policy", std::string(kPageCsp));
    return response;
  };
}

}  // namespace

Result<void> RegisterReferenceRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kPageRoute, Asset(kPage, "text/html; charset=utf-8", false)));
  LK_TRY(routes.Add(kBundleRoute, Asset(SwaggerUiBundle(), "text/javascript; charset=utf-8", true,
                                        SwaggerUiBundleGzip())));
  LK_TRY(routes.Add(kStyleRoute,
                    Asset(SwaggerUiCss(), "text/css; charset=utf-8", true, SwaggerUiCssGzip())));
  // Ours, and small: revalidated, since its text is not versioned.
  return routes.Add(kStartRoute, Asset(kStartScript, "text/javascript; charset=utf-8", false));
}

}  // namespace latchkey::openapi
