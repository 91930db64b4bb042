#include "features/social/social_feature.h"

#include "core/json_writer.h"
#include "features/platform/platform.h"
#include "features/social/routes/social_routes.h"
#include "features/social/social_errors.h"

namespace latchkey::social {

std::span<const store::Migration> EmbeddedMigrations();

std::vector<ProviderListing> ConfiguredProviders(const Config& config) {
  const SocialSettings& settings = config.Get<SocialSettings>();
  std::vector<ProviderListing> out;
  const SystemClock clock;  // unused by DisplayName()
  for (const std::string& id : settings.oidc_providers) {
    auto it = settings.providers.find(id);
    if (it == settings.providers.end()) continue;
    out.push_back({id, Provider(id, it->second, clock).DisplayName()});
  }
  return out;
}

std::span<const std::string_view> SocialFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> SocialFeature::Migrations() const { return EmbeddedMigrations(); }

std::span<const ErrorInfo> SocialFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kProviderNotFound,
                                          errors::kIdTokenNotSupported,
                                          errors::kProviderUnavailable,
                                          errors::kInvalidCode,
                                          errors::kInvalidIdToken,
                                          errors::kFailedToGetUserInfo,
                                          errors::kAccountNotFound,
                                          errors::kFailedToUnlinkLastAccount,
                                          errors::kAccessTokenNotFound,
                                          errors::kRefreshTokenNotFound,
                                          errors::kFailedToGetAccessToken,
                                          errors::kFailedToRefreshAccessToken,
                                          errors::kStateMismatch,
                                          errors::kProviderNotSupported,
                                          errors::kUserEmailNotFound,
                                          errors::kOAuthLinkError,
                                          errors::kSocialAccountAlreadyLinked,
                                          errors::kLinkingNotAllowed,
                                          errors::kLinkingDifferentEmails};
  return kErrors;
}

Result<void> SocialFeature::Register(platform::Platform& platform) {
  std::vector<ProviderListing> providers = ConfiguredProviders(service_.deps().services.config);
  if (providers.empty()) return {};
  std::string json = "[";
  for (const ProviderListing& p : providers) {
    if (json.size() > 1) json += ',';
    json::ObjectWriter(json).String("id", p.id).String("name", p.display_name).Close();
  }
  json += ']';
  platform.pages.Set("social", std::move(json));
  return {};
}

Result<void> SocialFeature::RegisterRoutes(platform::RouteTable& routes) {
  using Public = Result<http::Response> (*)(const http::Request&, const SocialService&);
  const std::pair<const http::RouteSpec*, Public> open[] = {
      {&kSignInSocialRoute, &SignInSocial},
      {&kCallbackGetRoute, &Callback},
      {&kCallbackPostRoute, &CallbackPost},
  };
  for (const auto& entry : open) {
    const Public handler = entry.second;
    LK_TRY(routes.Add(*entry.first, [this, handler](const http::Request& req, platform::Call&) {
      return handler(req, service_);
    }));
  }
  using Signed = Result<http::Response> (*)(const http::Request&, const SocialService&,
                                            const sessions::SessionWithUser&);
  const std::pair<const http::RouteSpec*, Signed> signed_in[] = {
      {&kLinkSocialRoute, &LinkSocial},         {&kUnlinkAccountRoute, &UnlinkAccount},
      {&kGetAccessTokenRoute, &GetAccessToken}, {&kRefreshTokenRoute, &RefreshToken},
      {&kAccountInfoRoute, &AccountInfo},
  };
  for (const auto& entry : signed_in) {
    const Signed handler = entry.second;
    LK_TRY(
        routes.Add(*entry.first, [this, handler](const http::Request& req, platform::Call& call) {
          return handler(req, service_, call.caller());
        }));
  }
  return {};
}

Result<void> SocialFeature::Start() {
  // After a rotation (docs/operations.md "Rotating the server secret"), so
  // the old secret can go without losing the users' provider tokens.
  LK_TRY(service_.ResealUnderCurrentSecret());
  return {};
}

}  // namespace latchkey::social
