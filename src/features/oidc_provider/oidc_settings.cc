#include "features/oidc_provider/oidc_settings.h"

namespace latchkey::oidc_provider {

settings::Table OidcSettingsTable() {
  using S = OidcSettings;
  return settings::SettingsTable<S>("oidc_provider", "OpenID provider")
      .Add("oidc_provider", &S::oidc_provider,
           "latchkey is an OAuth 2.1 / OpenID Connect provider: `/oauth2/*` routes, discovery, an "
           "RS256 signing key ([docs/oidc.md](docs/oidc.md))")
      .Int("oidc_code_ttl", &S::oidc_code_ttl_s, 10, 600,
           "OpenID provider: lifetime of an authorization code, seconds")
      .Int("oidc_access_token_ttl", &S::oidc_access_token_ttl_s, 60, 86400,
           "OpenID provider: lifetime of an access token, seconds")
      .Int("oidc_refresh_token_ttl", &S::oidc_refresh_token_ttl_s, 300, 400LL * 86400,
           "OpenID provider: lifetime of a refresh token from its issue, seconds")
      .Int("oidc_id_token_ttl", &S::oidc_id_token_ttl_s, 60, 86400,
           "OpenID provider: lifetime of an ID token, seconds")
      .Add("oidc_login_page", &S::oidc_login_page,
           "OpenID provider: the sign-in page (a path here or a URL) an authorization request "
           "without a session is sent to, with `?redirect=` the request and the request itself, "
           "signed (a sign-in sending it as `oauth_query` continues the authorization)")
      .Add("oidc_consent_page", &S::oidc_consent_page,
           "OpenID provider: the consent page (a path here or a URL); it gets the signed "
           "authorization request as its query and answers `POST /oauth2/consent`")
      .Add("oidc_resource", &S::oidc_resource,
           "OpenID provider: the `aud` of JWT access tokens (clients with "
           "`access_token_format = jwt`); empty: the issuer, whose own routes then accept them")
      .Add("oidc_dynamic_registration", &S::oidc_dynamic_registration,
           "OpenID provider: `POST /oauth2/register` (RFC 7591 dynamic client registration) "
           "for callers holding `oidc_registration_token`")
      .Add("oidc_registration_token", &S::oidc_registration_token,
           "OpenID provider: the initial access token dynamic registration requires, as "
           "`Authorization: Bearer` (32+ characters)")
      .Secret()
      .Validate([](S& s, const Config&) -> Result<void> {
        if (s.oidc_dynamic_registration && s.oidc_registration_token.size() < 32) {
          return Fail(settings::ConfigError(
              "oidc_registration_token: 32+ characters when oidc_dynamic_registration is on"));
        }
        return {};
      })
      .Build();
}

}  // namespace latchkey::oidc_provider
