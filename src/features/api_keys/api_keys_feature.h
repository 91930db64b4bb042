// API keys (Better Auth's api-key plugin, docs/api.md): the api_keys
// table, the /api-key/* routes, and keys as credentials: a resolver in the
// platform's credential chain (ApiKeyService::Resolve).
#ifndef LK_FEATURES_API_KEYS_API_KEYS_FEATURE_H_
#define LK_FEATURES_API_KEYS_API_KEYS_FEATURE_H_

#include "features/api_keys/api_key_service.h"
#include "features/feature.h"

namespace latchkey::api_keys {

class ApiKeysFeature final : public Feature {
 public:
  ApiKeysFeature(const Services& services, const ApiKeyService& keys)
      : services_(services), keys_(keys) {}
  std::string_view id() const override { return "api-keys"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  const Services& services_;
  const ApiKeyService& keys_;
  const platform::Hooks* hooks_ = nullptr;  // set in Register()
};

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEYS_FEATURE_H_
