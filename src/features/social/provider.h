// One configured social sign-in provider (docs/social.md): its endpoints
// (the preset's, the settings', or OpenID discovery's, fetched on first use
// and kept), its signing keys (the JWKS, fetched on first use and again when
// an ID token names a key it does not hold, at most once per
// kJwksRefetchInterval), and the three calls the flow makes: the code
// exchange (RFC 6749 §4.1.3 with the PKCE verifier, RFC 7636 §4.5), the
// ID token's validation (OIDC Core §3.1.3.7) and the user's profile.
// Thread-safety: safe for concurrent use (the cached endpoints and keys are
// swapped under a mutex).
#ifndef LK_FEATURES_SOCIAL_PROVIDER_H_
#define LK_FEATURES_SOCIAL_PROVIDER_H_

#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "crypto/jose/key_set.h"
#include "features/common/outbound/outbound_http.h"
#include "features/social/social_settings.h"

namespace latchkey::social {

inline constexpr TimeMs kJwksRefetchIntervalMs = 10'000;
// An ID token without `kid` is tried against at most this many keys of its
// algorithm (crypto::jose::VerifyOptions::max_keys_without_kid).
inline constexpr std::size_t kMaxKeysWithoutKid = 4;

struct Endpoints {
  std::string issuer;  // empty: a plain OAuth 2.0 provider (no ID token)
  std::string authorization;
  std::string token;
  std::string userinfo;
  std::string jwks;
  std::string emails;  // GitHub
};

// What the token endpoint answered (RFC 6749 §5.1).
struct TokenSet {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
  std::string scope;             // granted, space-separated as sent
  TimeMs access_expires_at = 0;  // 0: not said
  TimeMs refresh_expires_at = 0;
};

// Who the provider says the user is.
struct Profile {
  std::string account_id;  // `sub`, or GitHub's numeric id
  std::string email;       // lower-cased; empty when the provider gave none
  bool email_verified = false;
  std::string name;
  std::optional<std::string> image;
  std::string raw_json;  // the userinfo answer (or the ID token's claims)
};

// The profile an ID token's claims describe. Errors: OAUTH_USER_INFO_FAILED
// without `sub`.
Result<Profile> ProfileFromClaims(const boost::json::object& claims);

// A user API's answer in OpenID claim names (sub, email, email_verified,
// name, picture): each mapped claim from its dotted path in the provider's
// settings (docs/social.md "Plain OAuth 2.0 providers"); for a `plain`
// OAuth 2.0 provider, unmapped ones fall back to the common spellings
// (id, login, avatar_url).
boost::json::object MapUserInfo(const boost::json::object& info, const ProviderSettings& settings,
                                bool plain);

class Provider {
 public:
  // `clock_skew_s`: leeway on the ID token's exp, nbf and iat (jwt_clock_skew).
  Provider(std::string id, ProviderSettings settings, const Clock& clock,
           std::int64_t clock_skew_s = 120);

  const std::string& id() const { return id_; }
  const ProviderSettings& settings() const { return settings_; }
  std::string DisplayName() const;
  // An OpenID provider (an ID token comes back and is checked).
  bool IsOpenId() const;
  std::vector<std::string> Scopes() const;

  // Errors: PROVIDER_UNAVAILABLE when discovery fails or answers for
  // another issuer.
  Result<Endpoints> GetEndpoints() const;

  // Errors: PROVIDER_UNAVAILABLE (transport), INVALID_CODE (an error answer).
  Result<TokenSet> ExchangeCode(const std::string& code, const std::string& verifier,
                                const std::string& redirect_uri) const;
  Result<TokenSet> Refresh(const std::string& refresh_token) const;

  // The ID token's claims after OIDC Core §3.1.3.7: signature by a key of
  // the JWKS (alg one of the key's, never none or HS*), iss exact, aud holds
  // the client id, azp (when present, or with several audiences) is the
  // client id, exp/iat, nonce equal to `nonce` (with `require_nonce`
  // false and an empty `nonce`, any or no nonce: an ID token an app got by
  // itself, Better Auth's ID-token sign-in).
  // Errors: INVALID_ID_TOKEN, PROVIDER_UNAVAILABLE (JWKS unreachable).
  Result<boost::json::object> ValidateIdToken(const std::string& id_token, const std::string& nonce,
                                              bool require_nonce = true) const;

  // The profile from userinfo (preferred for the e-mail), the ID token's
  // claims otherwise; GitHub's user and e-mail APIs for GitHub.
  // Errors: UNABLE_TO_GET_USER_INFO.
  Result<Profile> FetchProfile(const TokenSet& tokens,
                               const std::optional<boost::json::object>& id_claims) const;

 private:
  Result<std::shared_ptr<const crypto::jose::KeySet>> Keys(bool refetch) const;
  Result<std::string> ClientSecret() const;
  Result<TokenSet> TokenRequest(outbound::FormFields form) const;

  std::string id_;
  ProviderSettings settings_;
  const Clock& clock_;
  std::int64_t clock_skew_s_;
  outbound::OutboundOptions http_;
  mutable std::mutex mu_;
  mutable std::optional<Endpoints> endpoints_;                // GUARDED_BY(mu_)
  mutable std::shared_ptr<const crypto::jose::KeySet> keys_;  // GUARDED_BY(mu_)
  mutable TimeMs refetched_at_ = 0;  // GUARDED_BY(mu_): the last refetch for an unknown kid
};

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_PROVIDER_H_
