// GET /api/auth/open-api/generate-schema: the OpenAPI 3.1 document of every
// route the server registered; GET /api/auth/reference: Swagger UI, embedded
// in the binary at build time, reading that document (docs/api.md).
// Registered last in app/application.cc, it keeps the router and walks it at
// the first request, when every route (the operators' ones too) is in.
#ifndef LK_FEATURES_OPENAPI_OPENAPI_FEATURE_H_
#define LK_FEATURES_OPENAPI_OPENAPI_FEATURE_H_

#include <mutex>
#include <optional>
#include <string>

#include "features/feature.h"
#include "features/openapi/openapi_document.h"

namespace latchkey::openapi {

class OpenApiFeature final : public Feature {
 public:
  OpenApiFeature(const Config& config, std::string version);
  std::string_view id() const override { return "openapi"; }
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  // The serialised document, built once (routes do not change once the
  // server runs). Thread-safe.
  Result<std::string> Document();

  DocumentInfo info_;
  const http::Router* router_ = nullptr;
  std::mutex mutex_;
  std::optional<std::string> document_;  // guarded by mutex_
};

// What the document's info, servers and security schemes say for `config`.
DocumentInfo DocumentInfoFor(const Config& config, std::string version);

}  // namespace latchkey::openapi

#endif  // LK_FEATURES_OPENAPI_OPENAPI_FEATURE_H_
