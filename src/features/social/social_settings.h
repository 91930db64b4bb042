// The social sign-in feature's configuration keys (docs/design.md
// "Settings", docs/social.md): the list of providers, and per provider the
// `oidc_<id>_*` family (TOML `[oidc.<id>]`, environment
// LATCHKEY_OIDC_<ID>_*). A provider whose id is a named preset (github,
// google, microsoft, apple) takes that provider's endpoints and claims
// unless its keys say otherwise.
#ifndef LK_FEATURES_SOCIAL_SOCIAL_SETTINGS_H_
#define LK_FEATURES_SOCIAL_SOCIAL_SETTINGS_H_

#include <map>
#include <string>
#include <vector>

#include "core/settings.h"

namespace latchkey::social {

struct ProviderSettings {
  std::string preset;  // "" (generic OpenID Connect), github, google, microsoft, apple
  std::string display_name;
  std::string issuer;
  std::string client_id;
  std::string client_secret;        // secret
  std::vector<std::string> scopes;  // empty: the preset's or "openid email profile"
  // client_secret_basic or client_secret_post; empty: post for Apple (its
  // token endpoint reads the secret from the form), basic otherwise.
  std::string token_auth;
  bool disable_sign_up = false;
  // Explicit endpoints; empty: discovery (`<issuer>/.well-known/openid-configuration`).
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string jwks_uri;
  std::string emails_endpoint;  // GitHub's e-mail API
  // A plain OAuth 2.0 provider's user API, mapped to the profile: dotted
  // paths into userinfo_endpoint's answer; empty: the OpenID claim, then
  // the common spelling (id, login, avatar_url).
  std::string user_id_field;
  std::string email_field;
  std::string email_verified_field;  // true or "true" there: verified
  std::string name_field;
  std::string image_field;
  // Apple: the client secret is an ES256 JWT made from this key (a .p8 PEM).
  std::string team_id;
  std::string key_id;
  std::string private_key;  // secret
};

struct SocialSettings {
  std::vector<std::string> oidc_providers;
  // Providers whose verified e-mail may link to an existing account by itself.
  std::vector<std::string> trusted_providers;
  bool allow_unlinking_all = false;
  std::map<std::string, ProviderSettings> providers;  // by id, from the oidc_<id>_* keys
};

settings::Table SocialSettingsTable();

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_SOCIAL_SETTINGS_H_
