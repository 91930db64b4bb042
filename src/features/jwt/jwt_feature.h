// Better Auth's jwt plugin (docs/api.md): GET /token, GET /jwks, and
// POST /jwt/verify, a verifier for services that would rather ask than
// verify offline against /jwks; the set-auth-jwt header on get-session,
// through the platform's session-response hook.
#ifndef LK_FEATURES_JWT_JWT_FEATURE_H_
#define LK_FEATURES_JWT_JWT_FEATURE_H_

#include "features/feature.h"
#include "features/jwt/jwt_issuer.h"
#include "features/platform/hooks.h"
#include "features/sessions/session_service.h"

namespace latchkey::jwt {

std::span<const store::Migration> EmbeddedMigrations();

class JwtFeature final : public Feature {
 public:
  JwtFeature(const sessions::SessionService& sessions, KeyManager& keys, JwtIssuer& issuer)
      : sessions_(sessions), keys_(keys), issuer_(issuer) {}
  std::string_view id() const override { return "jwt"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override { return EmbeddedMigrations(); }
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  // The session's JWT, with the claims features add (Hooks::AddTokenClaims).
  Result<std::string> SessionToken(const sessions::SessionWithUser& found) const;

  const sessions::SessionService& sessions_;
  const platform::Hooks* hooks_ = nullptr;  // set by Register()
  KeyManager& keys_;
  JwtIssuer& issuer_;
};

}  // namespace latchkey::jwt

#endif  // LK_FEATURES_JWT_JWT_FEATURE_H_
