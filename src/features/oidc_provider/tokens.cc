#include <algorithm>
#include <boost/json.hpp>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/jose/jws.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_internal.h"

namespace latchkey::oidc_provider::internal {
namespace {

constexpr std::string_view kAccessPrefix = "lkat_";  // recognisable in logs and secret scanners
constexpr std::string_view kRefreshPrefix = "lkrt_";

Result<void> Insert(store::Transaction& tx, const Grant& grant, std::string_view kind,
                    const std::string& token, const std::string& scope, TimeMs now,
                    TimeMs expires_at, std::string id = crypto::RandomAlnum(32)) {
  return tx
      .Exec(
          "INSERT INTO oauth_tokens (id, token_hash, kind, family_id, client_id, user_id, "
          "session_id, scope, auth_time, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {std::move(id), crypto::HashToken(token), std::string(kind), grant.family_id,
           grant.client_id, grant.user_id ? store::Value(*grant.user_id) : store::Value(),
           grant.session_id.empty() ? store::Value() : store::Value(grant.session_id), scope,
           grant.auth_time ? store::Value(*grant.auth_time) : store::Value(), now, expires_at})
      .map([](std::int64_t) {});
}

// RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti, and scope;
// auth_time and sid when a user signed in.
Result<std::string> SignAccessToken(const AccessTokenJwt& signer, const Grant& grant,
                                    const std::string& jti, TimeMs now, TimeMs expires_at) {
  LK_ASSIGN_OR_RETURN(auto snapshot, signer.keys.Current());
  const crypto::jose::SigningKey* key = snapshot->SigningFor(crypto::jose::Algorithm::kRS256);
  if (key == nullptr) return Fail(InternalError("no RS256 signing key"));
  boost::json::object claims;
  claims["iss"] = signer.issuer;
  claims["sub"] = grant.user_id.value_or(grant.client_id);
  claims["aud"] = signer.audience;
  claims["client_id"] = grant.client_id;
  claims["scope"] = grant.scope;
  claims["iat"] = now / 1000;
  claims["exp"] = expires_at / 1000;
  claims["jti"] = jti;
  if (grant.auth_time) claims["auth_time"] = *grant.auth_time / 1000;
  if (!grant.session_id.empty()) claims["sid"] = grant.session_id;
  return crypto::jose::Sign(*key, claims, "at+jwt");
}

}  // namespace

Result<Minted> MintTokens(store::Transaction& tx, const Grant& grant, bool with_refresh,
                          const OidcSettings& settings, TimeMs now, const AccessTokenJwt* signer) {
  Minted minted;
  const TimeMs access_expires = now + settings.oidc_access_token_ttl_s * 1000;
  std::string id = crypto::RandomAlnum(32);
  if (signer != nullptr) {
    LK_ASSIGN_OR_RETURN(minted.access, SignAccessToken(*signer, grant, id, now, access_expires));
  } else {
    minted.access = std::string(kAccessPrefix) + crypto::RandomAlnum(43);
  }
  LK_TRY(
      Insert(tx, grant, kAccess, minted.access, grant.scope, now, access_expires, std::move(id)));
  if (with_refresh) {
    minted.refresh = std::string(kRefreshPrefix) + crypto::RandomAlnum(43);
    LK_TRY(Insert(tx, grant, kRefresh, minted.refresh, grant.refresh_scope, now,
                  now + settings.oidc_refresh_token_ttl_s * 1000));
  }
  return minted;
}

Result<void> RevokeFamily(store::Transaction& tx, std::string_view family_id, TimeMs now) {
  LK_TRY(
      tx.Exec("UPDATE oauth_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
              {now, std::string(family_id)}));
  return {};
}

std::string_view AcrFor(const std::vector<std::string>& amr) {
  const auto has = [&](std::string_view value) {
    return std::find(amr.begin(), amr.end(), value) != amr.end();
  };
  if (has("hwk") || has("swk")) return kAcrPhishingResistant;
  if (has("mfa") || has("otp")) return kAcrMultiFactor;
  return kAcrOneFactor;
}

void AddUserClaims(boost::json::object& claims, const users::User& user,
                   const std::vector<std::string>& scopes) {
  auto has = [&](std::string_view scope) {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
  };
  if (has("profile")) {
    claims["name"] = user.name;
    if (user.image) claims["picture"] = *user.image;
    claims["updated_at"] = user.updated_at / 1000;
  }
  if (has("email")) {
    claims["email"] = user.email;
    claims["email_verified"] = user.email_verified;
  }
}

Result<std::string> SignIdToken(jwt::KeyManager& keys, const IdTokenFacts& facts,
                                const OidcSettings& settings, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto snapshot, keys.Current());
  const crypto::jose::SigningKey* key = snapshot->SigningFor(crypto::jose::Algorithm::kRS256);
  if (key == nullptr) return Fail(InternalError("no RS256 signing key"));
  boost::json::object claims;
  claims["iss"] = facts.issuer;
  claims["sub"] = facts.user->id;
  claims["aud"] = facts.client_id;
  claims["iat"] = now / 1000;
  claims["exp"] = now / 1000 + settings.oidc_id_token_ttl_s;
  if (facts.auth_time) claims["auth_time"] = *facts.auth_time / 1000;
  if (facts.nonce) claims["nonce"] = *facts.nonce;
  if (!facts.session_id.empty()) claims["sid"] = facts.session_id;
  claims["acr"] = std::string(AcrFor(facts.amr));
  // OpenID Connect Core §2: the party the token was issued to (aud is this
  // one client, so azp equals it; relying parties check exactly that).
  claims["azp"] = facts.client_id;
  if (!facts.amr.empty()) {
    boost::json::array amr;
    for (const std::string& method : facts.amr) amr.emplace_back(method);
    claims["amr"] = std::move(amr);
  }
  // OpenID Connect Core §3.3.2.11: the left half of SHA-256 of the access token.
  const std::string digest = crypto::Sha256(facts.access_token);
  claims["at_hash"] = crypto::Base64UrlEncode(std::string_view(digest).substr(0, 16));
  AddUserClaims(claims, *facts.user, SplitScope(facts.scope));
  if (facts.organizations) claims["organizations"] = *facts.organizations;
  return crypto::jose::Sign(*key, claims);
}

}  // namespace latchkey::oidc_provider::internal
