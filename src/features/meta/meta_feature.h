// GET /ok and GET /error (docs/api.md).
#ifndef LK_FEATURES_META_META_FEATURE_H_
#define LK_FEATURES_META_META_FEATURE_H_

#include "features/feature.h"

namespace latchkey::meta {

class MetaFeature final : public Feature {
 public:
  std::string_view id() const override { return "meta"; }
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;
};

// The /error code: Better Auth shows codes outside ^['A-Za-z0-9_-]+$
// as UNKNOWN.
std::string SanitizeErrorCode(std::string_view code);

}  // namespace latchkey::meta

#endif  // LK_FEATURES_META_META_FEATURE_H_
