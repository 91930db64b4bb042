// Pieces shared by the token endpoint and userinfo. Not for use outside
// this folder.
#ifndef LK_FEATURES_OIDC_PROVIDER_OIDC_INTERNAL_H_
#define LK_FEATURES_OIDC_PROVIDER_OIDC_INTERNAL_H_

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "features/jwt/key_manager.h"
#include "features/oidc_provider/oidc_settings.h"
#include "features/users/user.h"
#include "store/store.h"

namespace latchkey::oidc_provider::internal {

inline constexpr std::string_view kAccess = "access";
inline constexpr std::string_view kRefresh = "refresh";
inline constexpr std::string_view kOrganizationScope = "organization";

// What one grant issues tokens for.
struct Grant {
  std::string family_id;
  std::string client_id;
  std::optional<std::string> user_id;  // none: client_credentials
  std::string session_id;              // "" when none
  std::string scope;                   // of the access token
  std::string refresh_scope;           // of the refresh token (the original grant's)
  std::optional<TimeMs> auth_time;
};

struct Minted {
  std::string access;
  std::string refresh;  // "" when none was asked
};

// How a client's access tokens are signed when it asked for JWTs.
struct AccessTokenJwt {
  jwt::KeyManager& keys;
  std::string issuer;
  std::string audience;  // oidc_resource
};

// Inserts an access token (and a refresh token when `with_refresh`) of
// `grant`'s family; only their hashes are stored. With `jwt`, the access
// token is an RFC 9068 JWT (typ at+jwt, RS256), still stored as a hash so
// that revocation, introspection and the bearer resolver treat it alike.
Result<Minted> MintTokens(store::Transaction& tx, const Grant& grant, bool with_refresh,
                          const OidcSettings& settings, TimeMs now,
                          const AccessTokenJwt* signer = nullptr);

// Revokes every live token of `family_id`.
Result<void> RevokeFamily(store::Transaction& tx, std::string_view family_id, TimeMs now);

struct IdTokenFacts {
  std::string issuer;
  std::string client_id;
  const users::User* user = nullptr;
  std::string scope;
  std::string session_id;
  std::optional<TimeMs> auth_time;
  std::optional<std::string> nonce;
  std::vector<std::string> amr;
  std::string access_token;                         // for at_hash
  std::optional<boost::json::array> organizations;  // the organization scope's claim
};

// acr values (docs/oidc.md "ID tokens"): a passkey was used ("phr",
// phishing-resistant, OpenID EAP ACR Values 1.0), a second factor ("mfa"),
// or one factor alone ("1fa").
inline constexpr std::string_view kAcrPhishingResistant = "phr";
inline constexpr std::string_view kAcrMultiFactor = "mfa";
inline constexpr std::string_view kAcrOneFactor = "1fa";
std::string_view AcrFor(const std::vector<std::string>& amr);

// An ID token (OpenID Connect Core §2) signed RS256.
Result<std::string> SignIdToken(jwt::KeyManager& keys, const IdTokenFacts& facts,
                                const OidcSettings& settings, TimeMs now);

// The `organizations` claim ([{id, name, slug, role}]) when `scope` holds
// `organization`; nullopt otherwise. Errors: as the store.
Result<std::optional<boost::json::array>> OrganizationClaims(store::Transaction& tx,
                                                             const std::string& user_id,
                                                             const std::string& scope);

// The user's claims the scopes grant (profile: name, picture, updated_at;
// email: email, email_verified), added to `claims`.
void AddUserClaims(boost::json::object& claims, const users::User& user,
                   const std::vector<std::string>& scopes);

}  // namespace latchkey::oidc_provider::internal

#endif  // LK_FEATURES_OIDC_PROVIDER_OIDC_INTERNAL_H_
