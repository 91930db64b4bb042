// The OpenID provider's configuration keys (docs/design.md "Settings";
// docs/oidc.md). Off by default: no route, no discovery, no RS256 key.
#ifndef LK_FEATURES_OIDC_PROVIDER_OIDC_SETTINGS_H_
#define LK_FEATURES_OIDC_PROVIDER_OIDC_SETTINGS_H_

#include <cstdint>
#include <string>

#include "core/settings.h"

namespace latchkey::oidc_provider {

struct OidcSettings {
  bool oidc_provider = false;
  std::int64_t oidc_code_ttl_s = 60;                // RFC 6749 §4.1.2: short, single use
  std::int64_t oidc_access_token_ttl_s = 3600;      // opaque access tokens
  std::int64_t oidc_refresh_token_ttl_s = 2592000;  // each refresh token, from its issue
  std::int64_t oidc_id_token_ttl_s = 3600;
  std::string oidc_login_page = "/sign-in";           // gets ?redirect=<authorize path+query>
  std::string oidc_consent_page = "/oauth2-consent";  // gets the signed authorization request
  bool oidc_dynamic_registration = false;  // RFC 7591, with the initial access token below
  std::string oidc_registration_token;     // secret, 32+ characters
  std::string oidc_resource;               // aud of JWT access tokens; "" = the issuer
};

settings::Table OidcSettingsTable();

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_OIDC_SETTINGS_H_
