#include "features/openapi/openapi_feature.h"

#include <boost/json/serialize.hpp>
#include <utility>

#include "features/api_keys/api_key_settings.h"
#include "features/openapi/openapi_docs.h"
#include "features/openapi/reference_page.h"

namespace latchkey::openapi {
namespace {

constexpr http::RouteSpec kSchemaRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/open-api/generate-schema",
    .summary = "The OpenAPI 3.1 document of every route this server serves",
    .doc = &kSchemaDoc,
};

// "https://auth.example.com:8443/x" → "https://auth.example.com:8443".
std::string OriginOf(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  std::size_t path = url.find('/', scheme + 3);
  return std::string(url.substr(0, path));
}

}  // namespace

DocumentInfo DocumentInfoFor(const Config& config, std::string version) {
  DocumentInfo info;
  info.title = config.product_name;
  info.version = std::move(version);
  info.server_url = OriginOf(config.base_url);
  // As sessions/session_cookies.cc names it: __Secure- under https.
  info.session_cookie =
      (config.secure_cookies ? "__Secure-" : "") + config.cookie_prefix + ".session_token";
  const auto& keys = config.Get<api_keys::ApiKeySettings>();
  info.api_key_header = keys.api_key_header;
  info.api_key_session = keys.api_key_session;
  return info;
}

OpenApiFeature::OpenApiFeature(const Config& config, std::string version)
    : info_(DocumentInfoFor(config, std::move(version))) {}

Result<std::string> OpenApiFeature::Document() {
  std::lock_guard lock(mutex_);
  if (!document_) {
    LK_ASSIGN_OR_RETURN(boost::json::object document, BuildDocument(*router_, info_));
    document_ = boost::json::serialize(document);
  }
  return *document_;
}

Result<void> OpenApiFeature::RegisterRoutes(platform::RouteTable& routes) {
  // Read at the first request, not now: routes registered after this
  // feature (the operators' /healthz, /readyz, /metrics) belong in it too.
  router_ = &routes.router();
  LK_TRY(routes.Add(kSchemaRoute,
                    [this](const http::Request&, platform::Call&) -> Result<http::Response> {
                      LK_ASSIGN_OR_RETURN(std::string document, Document());
                      http::Response response = http::Response::Json(std::move(document));
                      response.AddHeader("Cache-Control", "no-cache");
                      return response;
                    }));
  return RegisterReferenceRoutes(routes);
}

}  // namespace latchkey::openapi
