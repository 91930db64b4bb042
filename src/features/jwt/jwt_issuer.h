// Issues and verifies latchkey's JWTs (docs/api.md): header
// {"alg","kid"} (no typ), claims = every user field + iat, exp, sub (user id),
// iss and aud (the base URL's origin unless configured), the configured extra
// claims, and `sid` for access tokens bound to a session.
// Thread-safety: safe to call concurrently.
#ifndef LK_FEATURES_JWT_JWT_ISSUER_H_
#define LK_FEATURES_JWT_JWT_ISSUER_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "crypto/jose/jws.h"
#include "features/jwt/jwt_settings.h"
#include "features/jwt/key_manager.h"
#include "features/users/user.h"

namespace latchkey::jwt {

class JwtIssuer {
 public:
  JwtIssuer(const Config& config, const Clock& clock, KeyManager& keys);
  const JwtSettings& settings() const { return settings_; }

  // A JWT for `user` valid `ttl_s` seconds; `session_id` non-empty adds `sid`;
  // `session_claims`, a JSON object or empty, adds its members (the claims
  // features add, platform::Hooks::AddTokenClaims).
  Result<std::string> Issue(const users::User& user, std::int64_t ttl_s,
                            std::string_view session_id = {}, std::string_view session_claims = {});

  // The set-auth-jwt / GET /token JWT of a session (jwt_expires_in). Reused
  // while it has at least two thirds of its lifetime left, so a burst of
  // get-session calls signs once, not once per call.
  Result<std::string> ForSession(const users::User& user, std::string_view session_id,
                                 std::string_view session_claims = {});

  // Verifies a token we issued (signature by a published key, exp/nbf/iat
  // with jwt_clock_skew leeway, iss and aud). Errors: the JWT_* codes of jose::Verify.
  Result<crypto::jose::VerifiedJwt> Verify(std::string_view token);

  const std::string& issuer() const { return issuer_; }
  const std::string& audience() const { return audience_; }

 private:
  struct Cached {
    std::string token;
    std::int64_t iat = 0;
  };
  const Config& config_;
  const JwtSettings settings_;  // read once, at construction
  const Clock& clock_;
  KeyManager& keys_;
  const std::string issuer_;
  const std::string audience_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;  // GUARDED_BY(cache_mu_)
};

// "https://auth.example.com/x" → "https://auth.example.com".
std::string OriginOf(const std::string& url);

}  // namespace latchkey::jwt

#endif  // LK_FEATURES_JWT_JWT_ISSUER_H_
