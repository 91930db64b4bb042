// Latchkey as an OAuth 2.1 / OpenID Connect provider (issue 17;
// docs/oidc.md), wire-compatible with Better Auth's oauth-provider plugin:
//   GET  /.well-known/openid-configuration, RFC 8414 metadata
//   GET  /oauth2/authorize      code + PKCE S256 only
//   POST /oauth2/consent        {accept, scope?, oauth_query}: the consent page's answer
//   POST /oauth2/token          authorization_code, refresh_token, client_credentials
//   GET|POST /oauth2/userinfo
//   POST /oauth2/introspect     RFC 7662, confidential clients
//   POST /oauth2/revoke         RFC 7009
//   GET  /oauth2/end-session    RP-initiated logout
//   POST /oauth2/register       RFC 7591, only with oidc_dynamic_registration
//   /oauth2/create-client, update-client, delete-client, list-clients,
//   rotate-client-secret        admin routes (oauth_clients:* permissions)
// Off unless oidc_provider. ID tokens are signed RS256 with the jwt
// feature's keys (published in /jwks); access tokens are opaque or RFC 9068
// JWTs (per client), refresh tokens opaque, all stored hashed; a code or a
// spent refresh token presented again revokes what its grant issued. On the
// platform: a sign-in carrying oauth_query continues its authorization (the
// sign-in response hook), and access tokens are bearer credentials on the
// routes their scopes reach (a credential resolver).
#ifndef LK_FEATURES_OIDC_PROVIDER_OIDC_FEATURE_H_
#define LK_FEATURES_OIDC_PROVIDER_OIDC_FEATURE_H_

#include <optional>
#include <string>

#include "features/feature.h"
#include "features/jwt/key_manager.h"
#include "features/oidc_provider/oidc_settings.h"
#include "features/platform/hooks.h"
#include "features/platform/principal.h"
#include "features/sessions/session_service.h"

namespace latchkey::oidc_provider {

std::span<const store::Migration> EmbeddedMigrations();

// What the user said on the consent page, or nothing yet.
enum class Decision { kAsk, kAccept, kDeny };

class OidcProviderFeature final : public Feature {
 public:
  OidcProviderFeature(const Services& services, const sessions::SessionService& sessions,
                      jwt::KeyManager& keys);
  std::string_view id() const override { return "oidc-provider"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override { return EmbeddedMigrations(); }
  std::span<const ErrorInfo> Errors() const override;
  // When every session of a user ends (ban, password reset, revoke-sessions),
  // so do the user's access and refresh tokens.
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

  const std::string& issuer() const { return issuer_; }

 private:
  // discovery.cc
  http::Response Discovery(bool openid) const;
  // authorize.cc: the authorization request in `query` (the raw query of
  // GET /oauth2/authorize, or the consent page's oauth_query) for `who`.
  // The answer is a redirect target, or a page when nothing may redirect.
  struct Answer {
    std::optional<http::Response> page;
    std::string location;
  };
  Result<Answer> Authorize(const http::Request& request, std::string_view query,
                           const std::optional<platform::Principal>& who, Decision decision,
                           std::string_view accepted_scope) const;
  Result<http::Response> Consent(const http::Request& request, platform::Call& call) const;
  std::string SignQuery(std::string_view query) const;
  // The query `signed_query` signed, when its signature holds and it has not
  // expired.
  std::optional<std::string> VerifySignedQuery(std::string_view signed_query) const;
  // sign_in_continue.cc: the verified authorization request a sign-in's body
  // carries as `oauth_query`, nothing when it carries none. Errors:
  // INVALID_OAUTH_QUERY for a changed or expired one.
  Result<std::optional<std::string>> OAuthQueryOf(const http::Request& request) const;
  // The sign-in response hook: answers {"redirect":true,"url"} with where the
  // authorization goes next.
  Result<void> ContinueAuthorization(const platform::SessionCreatedEvent& event,
                                     http::Response& response) const;
  // bearer_resolver.cc: the credential resolver for access tokens.
  Result<std::optional<platform::Principal>> ResolveAccessToken(const http::Request& request,
                                                                const http::RouteSpec& route) const;
  // The aud of JWT access tokens: oidc_resource, or the issuer.
  const std::string& AccessTokenAudience() const;
  // cors.cc: Access-Control-Allow-Origin for a public client's origin.
  Result<bool> IsPublicClientOrigin(std::string_view origin) const;
  Result<void> AddCors(const http::Request& request, http::Response& response) const;
  static http::Response Preflight();
  // token.cc
  Result<http::Response> Token(const http::Request& request) const;
  // userinfo.cc
  Result<http::Response> UserInfo(const http::Request& request) const;
  // introspect_revoke.cc
  Result<http::Response> Introspect(const http::Request& request) const;
  Result<http::Response> Revoke(const http::Request& request) const;
  // end_session.cc
  Result<http::Response> EndSession(const http::Request& request) const;
  // register_client.cc: POST /oauth2/register (RFC 7591).
  Result<http::Response> RegisterClient(const http::Request& request) const;
  // Token, userinfo and their CORS preflights.
  Result<void> RegisterTokenRoutes(platform::RouteTable& routes);
  // client_routes.cc
  Result<void> RegisterClientRoutes(platform::RouteTable& routes);

  const Services& services_;
  const OidcSettings settings_;  // read once, at construction
  const sessions::SessionService& sessions_;
  jwt::KeyManager& keys_;
  const std::string issuer_;                // <base_url>/api/auth
  const std::string query_key_;             // signs the consent page's oauth_query
  platform::RouteTable* routes_ = nullptr;  // set by RegisterRoutes()
  const platform::Hooks* hooks_ = nullptr;  // set by Register()
};

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_OIDC_FEATURE_H_
