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

Result<void> ApiKeysFeature::Register(platform::Platform& platform) {
  hooks_ = &platform.hooks;  // create runs the before-limited-create hook
  // With api_key_session off the header authenticates nothing.
  if (!keys_.settings().api_key_session) return {};
  // Asked before the session token: a presented key wins over a cookie.
  platform.credentials.Add("api-key", 100,
                           [this](const http::Request& request, const http::RouteSpec& route) {
                             return keys_.Resolve(request, route);
                           });
  return {};
}

Result<void> ApiKeysFeature::RegisterRoutes(platform::RouteTable& routes) {
  const platform::RouteTable::Options create_options{
      .check_first = CheckCreateKeyBody, .unauthenticated = &errors::kUnauthorizedSession};
  LK_TRY(routes.Add(
      kCreateKeyRoute,
      [this](const http::Request& req, platform::Call& call) {
        return CreateKey(req, call.caller(), services_, keys_, *hooks_);
      },
      create_options));
  LK_TRY(routes.Add(kGetKeyRoute, [this](const http::Request& req, platform::Call& call) {
    return GetKey(req, call.caller(), services_, keys_);
  }));
  LK_TRY(routes.Add(kListKeysRoute, [this](const http::Request& req, platform::Call& call) {
    return ListKeys(req, call.caller(), services_, keys_);
  }));
  LK_TRY(routes.Add(
      kUpdateKeyRoute,
      [this](const http::Request& req, platform::Call& call) {
        return UpdateKey(req, call.caller(), services_, keys_);
      },
      {.check_first = CheckUpdateKeyBody, .unauthenticated = &errors::kUnauthorizedSession}));
  return routes.Add(kDeleteKeyRoute, [this](const http::Request& req, platform::Call& call) {
    return DeleteKey(req, call.caller(), services_, keys_);
  });
}

}  // namespace latchkey::api_keys
