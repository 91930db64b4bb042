// Social sign-in (docs/social.md): Better Auth's social providers and its
// generic OAuth plugin, wire-compatible: sign-in/social, the callback,
// link-social, unlink-account, get-access-token, refresh-token,
// account-info. Providers are configuration (oidc_providers and the
// oidc_<id>_* keys): any OpenID Connect provider by its issuer, and GitHub,
// Google, Microsoft and Apple as presets over the same code path. Sign-in
// goes through the common path (sessions::SignInFlow), so two-factor, bans
// and the last login method apply.
#ifndef LK_FEATURES_SOCIAL_SOCIAL_FEATURE_H_
#define LK_FEATURES_SOCIAL_SOCIAL_FEATURE_H_

#include <string>
#include <vector>

#include "core/config.h"
#include "features/feature.h"
#include "features/social/social_service.h"

namespace latchkey::social {

// A configured provider as sign-in pages list it.
struct ProviderListing {
  std::string id;            // what POST /sign-in/social takes as `provider`
  std::string display_name;  // "GitHub", or the provider's display_name setting
};

// The configured providers in oidc_providers order (for the hosted pages'
// buttons). Reads only the configuration; safe to call from any feature.
std::vector<ProviderListing> ConfiguredProviders(const Config& config);

class SocialFeature final : public Feature {
 public:
  explicit SocialFeature(SocialDeps deps) : service_(std::move(deps)) {}
  std::string_view id() const override { return "social"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  // Tells the hosted pages the configured providers (their sign-in buttons).
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;
  // Reseals stored provider tokens still under a previous secret.
  Result<void> Start() override;

 private:
  SocialService service_;
};

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_SOCIAL_FEATURE_H_
