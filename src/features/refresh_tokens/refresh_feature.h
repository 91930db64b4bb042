// Access + refresh tokens for clients that cannot hold cookies (issue 4):
//   POST /refresh-token/issue   (a session: cookie or bearer) → a token pair
//   POST /refresh               {"refresh_token"} → a new pair; the old one is spent
//   POST /refresh/revoke        {"refresh_token"} → the family ends
// Access tokens are JWTs (jwt feature keys; `sid` names the session), valid
// access_token_ttl; refresh tokens are opaque, single use, rotated on every
// refresh, and a family lives at most refresh_token_ttl. A spent token shown
// again within refresh_reuse_grace (two requests racing from one client)
// rotates once more, once only; any further replay, or one after the
// window, is reuse: the family is revoked and audited. Families end with
// their session (sign-out, revocation, password reset: ON DELETE CASCADE).
#ifndef LK_FEATURES_REFRESH_TOKENS_REFRESH_FEATURE_H_
#define LK_FEATURES_REFRESH_TOKENS_REFRESH_FEATURE_H_

#include "features/feature.h"
#include "features/jwt/jwt_issuer.h"
#include "features/platform/hooks.h"
#include "features/refresh_tokens/refresh_settings.h"
#include "features/sessions/session_service.h"

namespace latchkey::refresh_tokens {

std::span<const store::Migration> EmbeddedMigrations();

class RefreshTokensFeature final : public Feature {
 public:
  RefreshTokensFeature(const Services& services, const sessions::SessionService& sessions,
                       jwt::JwtIssuer& issuer)
      : services_(services),
        settings_(services.config.Get<RefreshSettings>()),
        sessions_(sessions),
        issuer_(issuer) {}
  std::string_view id() const override { return "refresh-tokens"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override { return EmbeddedMigrations(); }
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  Result<http::Response> Issue(const http::Request& request,
                               const sessions::SessionWithUser& current) const;
  Result<http::Response> Refresh(const http::Request& request) const;
  Result<http::Response> Revoke(const http::Request& request) const;
  // The session-used hook for the session `token`'s family belongs to, as
  // a refresh (it may re-bind the session: docs/session-binding.md); run
  // before the rotation, in its own transactions, so that a refusal's
  // revocation stands. Nothing for an unknown or revoked token.
  Result<void> CheckSessionUse(const http::Request& request, const std::string& token) const;
  // The claims features add to a session's access token, as GET /token has
  // them (platform::Hooks::AddTokenClaims): a JSON object, or empty.
  std::string SessionClaims(const sessions::SessionWithUser& found) const;

  const Services& services_;
  const RefreshSettings settings_;  // read once, at construction
  const sessions::SessionService& sessions_;
  jwt::JwtIssuer& issuer_;
  const platform::Hooks* hooks_ = nullptr;  // set by Register()
};

}  // namespace latchkey::refresh_tokens

#endif  // LK_FEATURES_REFRESH_TOKENS_REFRESH_FEATURE_H_
