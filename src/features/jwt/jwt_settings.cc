#include "features/jwt/jwt_settings.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace latchkey::jwt {
namespace {

using settings::ConfigError;

// jwt_extra_claims must be one JSON object naming none of the claims latchkey
// sets itself; it is stored re-serialised (compact) for the issuer to splice.
Result<void> NormalizeExtraClaims(std::string& claims) {
  if (claims.empty()) return {};
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(claims, ec);
  if (ec || !parsed.is_object()) {
    return Fail(ConfigError("jwt_extra_claims: expected a JSON object"));
  }
  static constexpr std::string_view kReserved[] = {
      "iat", "exp",  "nbf",   "sub",           "iss",   "aud",       "sid",      "jti",
      "id",  "name", "email", "emailVerified", "image", "createdAt", "updatedAt"};
  for (const auto& member : parsed.as_object()) {
    for (std::string_view reserved : kReserved) {
      if (member.key() == reserved) {
        return Fail(ConfigError("jwt_extra_claims: \"" + std::string(reserved) +
                                "\" is set by latchkey and cannot be overridden"));
      }
    }
  }
  claims = boost::json::serialize(parsed);
  return {};
}

}  // namespace

settings::Table JwtSettingsTable() {
  using S = JwtSettings;
  return settings::SettingsTable<S>("jwt", "JWT")
      .Add("jwt_alg", &S::jwt_alg, "JWT signing algorithm: `EdDSA` (Ed25519), `ES256` or `RS256`")
      .Int("jwt_expires_in", &S::jwt_expires_in_s, 30, 86400,
           "lifetime of `GET /token` and `set-auth-jwt` JWTs, seconds")
      .Int("jwt_rotation_interval", &S::jwt_rotation_interval_s, 0, 10LL * 365 * 86400,
           "signing key rotation, seconds (`0` = never); also `latchkey keys rotate`")
      .Add("jwt_issuer", &S::jwt_issuer, "`iss` of every JWT")
      .DefaultShown("base URL origin")
      .Add("jwt_audience", &S::jwt_audience, "`aud` of every JWT")
      .DefaultShown("base URL origin")
      .Add("jwt_extra_claims", &S::jwt_extra_claims,
           "JSON object added to every JWT (cannot override latchkey's claims)")
      .Add("jwt_header_on_get_session", &S::jwt_header_on_get_session,
           "`set-auth-jwt` on get-session (Better Auth's default)")
      .Int("access_token_ttl", &S::access_token_ttl_s, 30, 86400,
           "refresh flow: access JWT lifetime, seconds")
      .Validate([](S& s, const Config&) -> Result<void> {
        if (s.jwt_alg != "EdDSA" && s.jwt_alg != "ES256" && s.jwt_alg != "RS256") {
          return Fail(
              ConfigError("jwt_alg: expected EdDSA, ES256 or RS256, got \"" + s.jwt_alg + "\""));
        }
        return NormalizeExtraClaims(s.jwt_extra_claims);
      })
      .Build();
}

}  // namespace latchkey::jwt
