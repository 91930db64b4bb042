// Compact JWS / JWT signing and strict verification (RFC 7515, 7519, 8725).
//
// Verify() trusts nothing in the token: the key comes from the local KeySet
// by `kid`, and the header's `alg` must equal that key's one algorithm. It
// refuses, each with its own code (crypto/jose/errors.h): oversize tokens,
// anything but three unpadded base64url segments, non-object or duplicate-
// member JSON, `alg` none/unknown/not the key's, a missing or unknown `kid`,
// `jku`/`x5u`/`x5c`/`jwk`/`crit`/`b64` headers, a wrong `typ` (when asked),
// a bad signature, then expired / not-yet-valid / wrong `iss` / wrong `aud`
// claims. The signature is checked before the claims are parsed.
//
// Thread-safety: pure functions over immutable keys; safe to call concurrently.
#ifndef LK_CRYPTO_JOSE_JWS_H_
#define LK_CRYPTO_JOSE_JWS_H_

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/jose/key.h"
#include "crypto/jose/key_set.h"

namespace latchkey::crypto::jose {

inline constexpr std::int64_t kMaxLeewaySeconds = 600;

struct VerifyOptions {
  // The current time, seconds since the Unix epoch (a Clock's reading; tests
  // pass a constant).
  std::int64_t now = 0;
  // Allowed clock skew for exp/nbf/iat. Default 0; clamped to
  // [0, kMaxLeewaySeconds] (jwt_clock_skew's range).
  std::int64_t leeway_seconds = 0;
  // When non-empty, `iss` must equal it exactly.
  std::string_view issuer;
  // When non-empty, `aud` (a string, or an array of strings) must contain it.
  std::string_view audience;
  // When non-empty, the header `typ` must equal it, ignoring case and an
  // "application/" prefix (RFC 7515 §4.1.9), e.g. "at+jwt".
  std::string_view typ;
  // Refuse a token without `exp` (JWT_MISSING_CLAIM). Default on.
  bool require_exp = true;
  // Longer tokens are refused before any decoding (JWT_TOO_LARGE).
  std::size_t max_token_bytes = std::size_t{8} * 1024;
  // A token without `kid`: 0 (the default) refuses it (JWT_UNKNOWN_KID);
  // more tries the set's keys of the header's algorithm, in set order, when
  // there are at most this many (more: JWT_UNKNOWN_KID). For providers that
  // leave `kid` out (one key per type); the algorithm still decides the key
  // type, so none/HS* stay refused (RFC 8725 §2.1, §3.1).
  std::size_t max_keys_without_kid = 0;
};

struct VerifiedJwt {
  Algorithm alg = Algorithm::kEdDSA;
  std::string kid;
  boost::json::object claims;
};

// Signs `claims_json` as a compact JWS with header {"alg","kid","typ"}.
// `typ` "JWT" (the default) uses the key's cached header; an empty `typ`
// omits the member (Better Auth's jwt plugin sends none).
// REQUIRES: `claims_json` is one JSON object (e.g. from json::ObjectWriter);
// it is signed as given, not re-validated.
// Errors: kInternal if OpenSSL fails.
Result<std::string> Sign(const SigningKey& key, std::string_view claims_json,
                         std::string_view typ = "JWT");

// As above, serialising `claims` first.
Result<std::string> Sign(const SigningKey& key, const boost::json::object& claims,
                         std::string_view typ = "JWT");

// Verifies `token` against `keys` and returns its header facts and claims.
// Errors (all kUnauthenticated): JWT_TOO_LARGE, JWT_MALFORMED,
// JWT_DUPLICATE_MEMBER, JWT_ALG_NOT_ALLOWED, JWT_FORBIDDEN_HEADER,
// JWT_BAD_TYPE, JWT_UNKNOWN_KID, JWT_BAD_SIGNATURE, JWT_MISSING_CLAIM,
// JWT_EXPIRED, JWT_NOT_YET_VALID, JWT_BAD_ISSUER, JWT_BAD_AUDIENCE.
Result<VerifiedJwt> Verify(std::string_view token, const KeySet& keys,
                           const VerifyOptions& options);

}  // namespace latchkey::crypto::jose

#endif  // LK_CRYPTO_JOSE_JWS_H_
