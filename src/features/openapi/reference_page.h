// The API reference viewer: Swagger UI (npm swagger-ui-dist, embedded at
// build time by cmake/EmbedAsset.cmake from web/node_modules), a page that
// loads it, and the script that points it at the generated document. Every
// file comes from our origin, so the page's CSP allows nothing else.
#ifndef LK_FEATURES_OPENAPI_REFERENCE_PAGE_H_
#define LK_FEATURES_OPENAPI_REFERENCE_PAGE_H_

#include <string_view>

#include "core/result.h"
#include "features/platform/route_table.h"

namespace latchkey::openapi {

// The embedded npm files (generated .cc files).
std::string_view SwaggerUiBundle();
std::string_view SwaggerUiCss();
std::string_view SwaggerUiBundleGzip();  // gzip -9 of the same bytes
std::string_view SwaggerUiCssGzip();

// GET /api/auth/reference and its three assets.
Result<void> RegisterReferenceRoutes(platform::RouteTable& routes);

}  // namespace latchkey::openapi

#endif  // LK_FEATURES_OPENAPI_REFERENCE_PAGE_H_
