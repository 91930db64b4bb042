#include "features/oidc_provider/oidc_feature.h"

#include <boost/json.hpp>

#include "crypto/hash.h"
#include "features/oidc_provider/oidc_docs.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/platform/platform.h"
#include "features/platform/route_table.h"

namespace latchkey::oidc_provider {
namespace {

constexpr ErrorInfo kErrors[] = {kInvalidRedirectUri, kInvalidClientField, kClientNotFound,
                                 kClientExists,       kInvalidConsent,     kInsufficientScope};

constexpr http::RouteSpec kOpenIdConfigurationRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/.well-known/openid-configuration",
    .summary = "OpenID Connect Discovery 1.0 metadata",
    .doc = &kMetadataDoc,
};
// RFC 8414 §3: the well-known segment goes before the issuer's path.
constexpr http::RouteSpec kAuthorizationServerRoute{
    .method = http::Method::kGet,
    .path = "/.well-known/oauth-authorization-server/api/auth",
    .summary = "OAuth 2.0 Authorization Server Metadata (RFC 8414)",
    .doc = &kMetadataDoc,
};
// Where Better Auth's plugin serves it, under the issuer.
constexpr http::RouteSpec kAuthorizationServerUnderIssuerRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/.well-known/oauth-authorization-server",
    .summary = "OAuth 2.0 Authorization Server Metadata (RFC 8414), under the issuer",
    .doc = &kMetadataDoc,
};
constexpr http::RouteSpec kAuthorizeRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/oauth2/authorize",
    .rate_limit_bucket = "oauth",
    .summary = "OAuth 2.1 authorization endpoint (code, PKCE S256)",
    .doc = &kAuthorizeDoc,
};
constexpr http::RouteSpec kConsentRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/consent",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "oauth",
    .summary = "The consent page's answer to an authorization request",
    .doc = &kConsentDoc,
};
constexpr http::RouteSpec kTokenRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/token",
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "oauth",
    .summary = "OAuth 2.1 token endpoint",
    .doc = &kTokenDoc,
};
constexpr http::RouteSpec kUserInfoGetRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/oauth2/userinfo",
    .summary = "OpenID Connect UserInfo",
    .doc = &kUserInfoDoc,
};
constexpr http::RouteSpec kUserInfoPostRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/userinfo",
    .body_limit = std::size_t{4} * 1024,
    .summary = "OpenID Connect UserInfo",
    .doc = &kUserInfoDoc,
};

// CORS preflights from a public client's origin (cors.cc); the server
// answers trusted origins' preflights before routing.
constexpr http::RouteSpec kTokenPreflightRoute{
    .method = http::Method::kOptions,
    .path = "/api/auth/oauth2/token",
    .summary = "CORS preflight for browser relying parties",
    .doc = &kPreflightDoc,
};
constexpr http::RouteSpec kUserInfoPreflightRoute{
    .method = http::Method::kOptions,
    .path = "/api/auth/oauth2/userinfo",
    .summary = "CORS preflight for browser relying parties",
    .doc = &kPreflightDoc,
};

constexpr http::RouteSpec kIntrospectRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/introspect",
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "oauth",
    .summary = "Token introspection (RFC 7662), for confidential clients",
    .doc = &kIntrospectDoc,
};
constexpr http::RouteSpec kRevokeRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/revoke",
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "oauth",
    .summary = "Token revocation (RFC 7009)",
    .doc = &kRevokeDoc,
};

constexpr http::RouteSpec kRegisterRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/register",
    .body_limit = std::size_t{16} * 1024,
    .rate_limit_bucket = "oauth",
    .summary = "Dynamic client registration (RFC 7591), with the initial access token",
    .doc = &kRegisterDoc,
};

constexpr http::RouteSpec kEndSessionRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/oauth2/end-session",
    .rate_limit_bucket = "oauth",
    .summary = "RP-initiated logout: ends the session the id_token_hint names",
    .doc = &kEndSessionDoc,
};

}  // namespace

OidcProviderFeature::OidcProviderFeature(const Services& services,
                                         const sessions::SessionService& sessions,
                                         jwt::KeyManager& keys)
    : services_(services),
      settings_(services.config.Get<OidcSettings>()),
      sessions_(sessions),
      keys_(keys),
      issuer_(services.config.base_url + std::string(http::kApiBase)),
      query_key_(crypto::Sha256("latchkey/oidc/oauth-query/v1:" + services.config.secret)) {
  // OpenID Connect Core §15.1: RS256 is mandatory to implement.
  if (settings_.oidc_provider) keys_.AlsoSign(crypto::jose::Algorithm::kRS256);
}

std::span<const std::string_view> OidcProviderFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit",
                                               "jwt",   "admin",    "organizations"};
  return kDeps;
}

std::span<const ErrorInfo> OidcProviderFeature::Errors() const { return kErrors; }

http::Response OidcProviderFeature::Discovery(bool openid) const {
  namespace json = boost::json;
  json::object meta;
  meta["issuer"] = issuer_;
  meta["authorization_endpoint"] = issuer_ + "/oauth2/authorize";
  meta["token_endpoint"] = issuer_ + "/oauth2/token";
  meta["userinfo_endpoint"] = issuer_ + "/oauth2/userinfo";
  meta["jwks_uri"] = issuer_ + "/jwks";
  meta["end_session_endpoint"] = issuer_ + "/oauth2/end-session";
  meta["introspection_endpoint"] = issuer_ + "/oauth2/introspect";
  meta["revocation_endpoint"] = issuer_ + "/oauth2/revoke";
  if (settings_.oidc_dynamic_registration) {
    meta["registration_endpoint"] = issuer_ + "/oauth2/register";
  }
  meta["introspection_endpoint_auth_methods_supported"] =
      json::array{"client_secret_basic", "client_secret_post"};
  meta["revocation_endpoint_auth_methods_supported"] =
      json::array{"client_secret_basic", "client_secret_post", "none"};
  meta["response_types_supported"] = json::array{"code"};
  meta["response_modes_supported"] = json::array{"query"};
  meta["grant_types_supported"] =
      json::array{"authorization_code", "refresh_token", "client_credentials"};
  meta["token_endpoint_auth_methods_supported"] =
      json::array{"client_secret_basic", "client_secret_post", "none"};
  meta["code_challenge_methods_supported"] = json::array{"S256"};
  meta["scopes_supported"] =
      json::array{"openid", "profile", "email", "offline_access", "organization"};
  meta["authorization_response_iss_parameter_supported"] = true;
  if (openid) {
    meta["subject_types_supported"] = json::array{"public"};
    meta["id_token_signing_alg_values_supported"] = json::array{"RS256"};
    meta["prompt_values_supported"] = json::array{"none", "login", "consent", "select_account"};
    meta["acr_values_supported"] = json::array{"1fa", "mfa", "phr"};
    meta["claims_supported"] =
        json::array{"sub",        "iss",          "aud",       "azp",
                    "exp",        "iat",          "auth_time", "nonce",
                    "acr",        "amr",          "sid",       "at_hash",
                    "name",       "picture",      "email",     "email_verified",
                    "updated_at", "organizations"};
  }
  http::Response response = http::Response::Json(json::serialize(meta));
  response.AddHeader("Cache-Control", "public, max-age=300");
  return response;
}

const std::string& OidcProviderFeature::AccessTokenAudience() const {
  return settings_.oidc_resource.empty() ? issuer_ : settings_.oidc_resource;
}

Result<void> OidcProviderFeature::Register(platform::Platform& platform) {
  if (!settings_.oidc_provider) return {};
  hooks_ = &platform.hooks;
  // The admin console shows its clients tab (docs/web.md).
  platform.pages.Set("oidcProvider", "true");
  // Before the session token (200): a bearer access token is claimed here.
  platform.credentials.Add("oauth-access-token", 150,
                           [this](const http::Request& request, const http::RouteSpec& route) {
                             return ResolveAccessToken(request, route);
                           });
  // A token outlives no session of its user: what ended every session (a
  // ban, a reset after a suspected compromise) must end the apps' access too.
  platform.hooks.OnSessionsRevoked(
      [this](store::Transaction& tx, const std::string& user_id) -> Result<void> {
        LK_TRY(tx.Exec(
            "UPDATE oauth_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            {services_.clock.NowMs(), user_id}));
        return {};
      });
  // A sign-in page's oauth_query is checked before the session exists and
  // answered on the sign-in's response.
  platform.hooks.OnAfterFirstFactor(
      [this](const platform::SignInEvent& event) -> Result<std::optional<http::Response>> {
        LK_TRY(OAuthQueryOf(event.request));
        return std::optional<http::Response>();
      });
  platform.hooks.OnSignInResponse(
      [this](const platform::SessionCreatedEvent& event, http::Response& response) {
        return ContinueAuthorization(event, response);
      });
  return {};
}

Result<void> OidcProviderFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!settings_.oidc_provider) return {};
  routes_ = &routes;
  auto discovery = [this](bool openid) {
    return [this, openid](const http::Request& req, platform::Call&) -> Result<http::Response> {
      http::Response response = Discovery(openid);
      LK_TRY(AddCors(req, response));
      return response;
    };
  };
  LK_TRY(routes.Add(kOpenIdConfigurationRoute, discovery(true)));
  LK_TRY(routes.Add(kAuthorizationServerRoute, discovery(false)));
  LK_TRY(routes.Add(kAuthorizationServerUnderIssuerRoute, discovery(false)));
  LK_TRY(routes.Add(
      kAuthorizeRoute, [this](const http::Request& req, platform::Call&) -> Result<http::Response> {
        auto found = routes_->Resolve(req, kAuthorizeRoute);
        std::optional<platform::Principal> who;
        // A bad cookie is no caller: the sign-in page follows.
        if (found && *found && (*found)->kind == platform::CredentialKind::kSessionToken) {
          who = std::move(**found);
        }
        LK_ASSIGN_OR_RETURN(Answer answer, Authorize(req, req.query, who, Decision::kAsk, {}));
        if (answer.page) return std::move(*answer.page);
        // The Location may carry a code: never cached (RFC 6749 §10.5).
        http::Response redirect = http::Response::Redirect(answer.location);
        redirect.no_store = true;
        return redirect;
      }));
  LK_TRY(routes.Add(kConsentRoute, [this](const http::Request& req, platform::Call& call) {
    return Consent(req, call);
  }));
  LK_TRY(RegisterTokenRoutes(routes));
  LK_TRY(routes.Add(kIntrospectRoute,
                    [this](const http::Request& req, platform::Call&) { return Introspect(req); }));
  LK_TRY(routes.Add(kRevokeRoute,
                    [this](const http::Request& req, platform::Call&) { return Revoke(req); }));
  LK_TRY(routes.Add(kEndSessionRoute,
                    [this](const http::Request& req, platform::Call&) { return EndSession(req); }));
  if (settings_.oidc_dynamic_registration) {
    LK_TRY(routes.Add(kRegisterRoute, [this](const http::Request& req, platform::Call&) {
      return RegisterClient(req);
    }));
  }
  return RegisterClientRoutes(routes);
}

Result<void> OidcProviderFeature::RegisterTokenRoutes(platform::RouteTable& routes) {
  // Token and userinfo answer browser relying parties too (cors.cc).
  using Handler = Result<http::Response> (OidcProviderFeature::*)(const http::Request&) const;
  auto with_cors = [this](Handler handler) {
    return [this, handler](const http::Request& req, platform::Call&) -> Result<http::Response> {
      LK_ASSIGN_OR_RETURN(http::Response response, (this->*handler)(req));
      LK_TRY(AddCors(req, response));
      return response;
    };
  };
  LK_TRY(routes.Add(kTokenRoute, with_cors(&OidcProviderFeature::Token)));
  for (const http::RouteSpec* spec : {&kUserInfoGetRoute, &kUserInfoPostRoute}) {
    LK_TRY(routes.Add(*spec, with_cors(&OidcProviderFeature::UserInfo)));
  }
  for (const http::RouteSpec* spec : {&kTokenPreflightRoute, &kUserInfoPreflightRoute}) {
    LK_TRY(routes.Add(*spec,
                      [this](const http::Request& req, platform::Call&) -> Result<http::Response> {
                        http::Response response = Preflight();
                        LK_TRY(AddCors(req, response));
                        return response;
                      }));
  }
  return {};
}

}  // namespace latchkey::oidc_provider
