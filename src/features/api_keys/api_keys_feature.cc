#include "features/api_keys/api_keys_feature.h"

#include "features/api_keys/api_key_errors.h"
#include "features/api_keys/routes/api_key_routes.h"

namespace latchkey::api_keys {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> ApiKeysFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> ApiKeysFeature::Migrations() const {
  return EmbeddedMigrations();
}

// Every code this feature defines; app/error_codes.cc checks them at startup.
std::span<const ErrorInfo> ApiKeysFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kUnauthorizedSession,
                                          errors::kServerOnlyProperty,
                                          errors::kKeyNotFound,
                                          errors::kInvalidNameLength,
                                          errors::kInvalidPrefixLength,
                                          errors::kExpiresInTooSmall,
                                          errors::kExpiresInTooLarge,
                                          errors::kMetadataDisabled,
                                          errors::kInvalidMetadataType,
                                          errors::kNoValuesToUpdate,
                                          errors::kInvalidApiKey,
                                          errors::kMalformedApiKey,
                                          errors::kKeyDisabled,
                                          errors::kKeyExpired,
                                          errors::kUsageExceeded,
                                          errors::kRateLimited,
                                          errors::kInsufficientPermissions};
  return kErrors;
}

Result<void> ApiKeysFeature::RegisterRoutes(http::Router& router) {
  const auto& sessions = keys_.sessions();
  LK_TRY(router.Add(kCreateKeyRoute, [this](const http::Request& req, http::RequestContext&) {
    return CreateKey(req, keys_);
  }));
  LK_TRY(
      router.Add(kGetKeyRoute, [this, &sessions](const http::Request& req, http::RequestContext&) {
        return sessions.ExpireDeadCookies(req, GetKey(req, keys_));
      }));
  LK_TRY(router.Add(kListKeysRoute,
                    [this, &sessions](const http::Request& req, http::RequestContext&) {
                      return sessions.ExpireDeadCookies(req, ListKeys(req, keys_));
                    }));
  LK_TRY(router.Add(kUpdateKeyRoute, [this](const http::Request& req, http::RequestContext&) {
    return UpdateKey(req, keys_);
  }));
  return router.Add(kDeleteKeyRoute,
                    [this, &sessions](const http::Request& req, http::RequestContext&) {
                      return sessions.ExpireDeadCookies(req, DeleteKey(req, keys_));
                    });
}

}  // namespace latchkey::api_keys
