// Compact JWS signing and the strict JWT verifier. Checks run cheapest
// first and every refusal names its reason; see jws.h for the order.
#include "crypto/jose/jws.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <optional>

#include "core/ascii.h"
#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/jose/errors.h"
#include "crypto/jose/key_internal.h"
#include "crypto/jose/strict_json.h"

namespace latchkey::crypto::jose {
namespace json = boost::json;
namespace {

std::string_view WithoutMediaPrefix(std::string_view typ) {
  constexpr std::string_view kPrefix = "application/";
  if (typ.size() > kPrefix.size() &&
      ascii::EqualsIgnoreCase(typ.substr(0, kPrefix.size()), kPrefix)) {
    return typ.substr(kPrefix.size());
  }
  return typ;
}

// Decodes one segment's JSON object; maps parse problems to token errors.
Result<json::object> DecodeObject(std::string_view segment) {
  auto bytes = Base64UrlDecode(segment);
  if (!bytes) return Fail(MakeError(kJwtMalformed, "segment is not base64url"));
  ParsedObject parsed = ParseStrictObject(*bytes);
  switch (parsed.problem) {
    case JsonProblem::kNone:
      return std::move(parsed.object);
    case JsonProblem::kDuplicate:
      return Fail(MakeError(kJwtDuplicateMember));
    default:
      return Fail(MakeError(kJwtMalformed, "segment is not a JSON object"));
  }
}

// Checks the protected header and returns the key it names (or, without a
// kid and when the options allow, the few keys of its algorithm to try).
Result<std::vector<const VerifyKey*>> CheckHeader(const json::object& header, const KeySet& keys,
                                                  const VerifyOptions& options) {
  const json::value* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return Fail(MakeError(kJwtAlgNotAllowed, "no alg"));
  // RFC 8725 §3.1: "none" in any spelling is never accepted (ParseAlgorithm
  // refuses it too; this names the reason in the log).
  if (ascii::EqualsIgnoreCase(alg->get_string(), "none")) {
    return Fail(MakeError(kJwtAlgNotAllowed, "alg none"));
  }
  std::optional<Algorithm> algorithm = ParseAlgorithm(alg->get_string());
  if (!algorithm) return Fail(MakeError(kJwtAlgNotAllowed, "unsupported alg"));
  // RFC 8725 §3.10, RFC 7515 §4.1.2-4.1.6: keys only come from the local
  // set, never from URLs or embedded keys. RFC 7515 §4.1.11: we understand
  // no extension, so any `crit` fails; RFC 7797 `b64` needs `crit`.
  for (std::string_view name : {"jku", "x5u", "x5c", "jwk", "crit", "b64"}) {
    if (header.contains(name)) return Fail(MakeError(kJwtForbiddenHeader, std::string(name)));
  }
  if (!options.typ.empty()) {
    const json::value* typ = header.if_contains("typ");
    if (typ == nullptr || !typ->is_string() ||
        !ascii::EqualsIgnoreCase(WithoutMediaPrefix(typ->get_string()),
                                 WithoutMediaPrefix(options.typ))) {
      return Fail(MakeError(kJwtBadType));
    }
  }
  const json::value* kid = header.if_contains("kid");
  if (kid == nullptr && options.max_keys_without_kid > 0) {
    // Only keys of the header's algorithm: the key type follows the alg.
    std::vector<const VerifyKey*> candidates = keys.WithAlgorithm(*algorithm);
    if (candidates.empty() || candidates.size() > options.max_keys_without_kid) {
      return Fail(MakeError(kJwtUnknownKid, "no kid"));
    }
    return candidates;
  }
  if (kid == nullptr || !kid->is_string()) return Fail(MakeError(kJwtUnknownKid, "no kid"));
  const VerifyKey* key = keys.Find(kid->get_string());
  if (key == nullptr) return Fail(MakeError(kJwtUnknownKid));
  // RFC 8725 §2.1 algorithm confusion: the key decides the algorithm.
  if (key->alg() != *algorithm) return Fail(MakeError(kJwtAlgNotAllowed, "alg is not the key's"));
  return std::vector<const VerifyKey*>{key};
}

// A NumericDate claim: absent (nullopt), a finite number, or malformed.
Result<std::optional<double>> NumericDate(const json::object& claims, std::string_view name) {
  const json::value* v = claims.if_contains(name);
  if (v == nullptr) return std::optional<double>();
  if (!v->is_number()) return Fail(MakeError(kJwtMalformed, std::string(name) + " not a number"));
  double d = v->to_number<double>();
  if (!std::isfinite(d)) return Fail(MakeError(kJwtMalformed, std::string(name) + " not finite"));
  return std::optional<double>(d);
}

bool AudienceMatches(const json::value* aud, std::string_view want) {
  if (aud == nullptr) return false;
  if (aud->is_string()) return aud->get_string() == want;
  if (!aud->is_array()) return false;
  const json::array& list = aud->get_array();
  return std::any_of(list.begin(), list.end(),
                     [&](const json::value& v) { return v.is_string() && v.get_string() == want; });
}

Result<void> CheckClaims(const json::object& claims, const VerifyOptions& options) {
  const double now = static_cast<double>(options.now);
  const double leeway =
      static_cast<double>(std::clamp<std::int64_t>(options.leeway_seconds, 0, kMaxLeewaySeconds));
  LK_ASSIGN_OR_RETURN(std::optional<double> exp, NumericDate(claims, "exp"));
  LK_ASSIGN_OR_RETURN(std::optional<double> nbf, NumericDate(claims, "nbf"));
  LK_ASSIGN_OR_RETURN(std::optional<double> iat, NumericDate(claims, "iat"));
  // RFC 7519 §4.1.4: valid only while now is before exp.
  if (!exp && options.require_exp) return Fail(MakeError(kJwtMissingClaim, "exp"));
  if (exp && now >= *exp + leeway) return Fail(MakeError(kJwtExpired));
  if (nbf && now + leeway < *nbf) return Fail(MakeError(kJwtNotYetValid, "nbf"));
  if (iat && *iat > now + leeway) return Fail(MakeError(kJwtNotYetValid, "iat in the future"));
  if (!options.issuer.empty()) {
    const json::value* iss = claims.if_contains("iss");
    if (iss == nullptr || !iss->is_string() || iss->get_string() != options.issuer) {
      return Fail(MakeError(kJwtBadIssuer));
    }
  }
  if (!options.audience.empty() && !AudienceMatches(claims.if_contains("aud"), options.audience)) {
    return Fail(MakeError(kJwtBadAudience));
  }
  return {};
}

std::string BuildHeader(const SigningKey& key, std::string_view typ) {
  std::string header;
  latchkey::json::ObjectWriter w(header);
  w.String("alg", AlgorithmName(key.alg())).String("kid", key.kid());
  if (!typ.empty()) w.String("typ", typ);
  w.Close();
  return Base64UrlEncode(header);
}

}  // namespace

Result<std::string> Sign(const SigningKey& key, std::string_view claims_json,
                         std::string_view typ) {
  std::string token = typ == "JWT" ? key.jwt_header_b64() : BuildHeader(key, typ);
  token.push_back('.');
  token += Base64UrlEncode(claims_json);
  LK_ASSIGN_OR_RETURN(std::string signature, key.SignBytes(token));
  token.push_back('.');
  token += Base64UrlEncode(signature);
  return token;
}

Result<std::string> Sign(const SigningKey& key, const json::object& claims, std::string_view typ) {
  return Sign(key, json::serialize(claims), typ);
}

Result<VerifiedJwt> Verify(std::string_view token, const KeySet& keys,
                           const VerifyOptions& options) {
  if (token.size() > options.max_token_bytes) return Fail(MakeError(kJwtTooLarge));
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Fail(MakeError(kJwtMalformed, "not three segments"));
  }
  const std::string_view header_b64 = token.substr(0, dot1);
  const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = token.substr(dot2 + 1);
  // An empty signature is structurally fine here so that `alg:none` tokens
  // are refused for their alg; it can never verify.
  if (!internal::IsBase64UrlText(header_b64) || !internal::IsBase64UrlText(payload_b64) ||
      (!signature_b64.empty() && !internal::IsBase64UrlText(signature_b64))) {
    return Fail(MakeError(kJwtMalformed, "segment is not unpadded base64url"));
  }
  LK_ASSIGN_OR_RETURN(json::object header, DecodeObject(header_b64));
  LK_ASSIGN_OR_RETURN(auto candidates, CheckHeader(header, keys, options));

  auto signature = Base64UrlDecode(signature_b64);
  const VerifyKey* key = nullptr;
  for (const VerifyKey* candidate : candidates) {
    if (signature && candidate->VerifySignature(token.substr(0, dot2), *signature)) {
      key = candidate;
      break;
    }
  }
  if (key == nullptr) return Fail(MakeError(kJwtBadSignature));
  LK_ASSIGN_OR_RETURN(json::object claims, DecodeObject(payload_b64));
  LK_TRY(CheckClaims(claims, options));
  return VerifiedJwt{key->alg(), key->kid(), std::move(claims)};
}

}  // namespace latchkey::crypto::jose
