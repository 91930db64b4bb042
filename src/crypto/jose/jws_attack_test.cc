// Hostile tokens: each TEST pins one refusal of Verify() and the exact code
// it returns (docs/operations.md; RFC 8725).
#include <gtest/gtest.h>

#include <string>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/jose/jws.h"
#include "crypto/jose/test_keys.h"

namespace latchkey::crypto::jose {
namespace {

using testing::DefaultOptions;
using testing::Forge;
using testing::GoodClaims;
using testing::HeaderFor;
using testing::kNow;
using testing::TestKey;
using testing::TestKeySet;

// The error code Verify() returns for `token`, or "OK".
std::string CodeOf(std::string_view token, const VerifyOptions& options = DefaultOptions()) {
  auto result = Verify(token, TestKeySet(), options);
  return result ? std::string("OK") : std::string(result.error().code);
}

const SigningKey& Ed() { return TestKey(Algorithm::kEdDSA); }
const SigningKey& Es() { return TestKey(Algorithm::kES256); }
const SigningKey& Rs() { return TestKey(Algorithm::kRS256); }

std::string Claims(std::string_view extra_json_members) {
  return R"({"sub":"user-1","iss":"https://auth.example","aud":"https://auth.example")" +
         std::string(extra_json_members) + "}";
}

// HS256 signature over header.payload with an arbitrary HMAC key.
std::string ForgeHs256(std::string_view header, std::string_view payload, std::string_view key) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

TEST(JwsAttackTest, BaselineForgedTokenVerifies) {
  // Sanity: the forger builds valid tokens, so every refusal below is due
  // to the one mutation under test.
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), GoodClaims())), "OK");
  EXPECT_EQ(CodeOf(Forge(Es(), HeaderFor(Es()), GoodClaims())), "OK");
  EXPECT_EQ(CodeOf(Forge(Rs(), HeaderFor(Rs()), GoodClaims())), "OK");
}

// RFC 8725 §3.1: alg "none" in any case, with an empty signature.
TEST(JwsAttackTest, RejectsAlgNoneInAnyCase) {
  for (std::string_view none : {"none", "None", "NONE", "nOnE"}) {
    std::string header = R"({"alg":")" + std::string(none) + R"(","kid":")" + Ed().kid() + "\"}";
    std::string token = Base64UrlEncode(header) + "." + Base64UrlEncode(GoodClaims()) + ".";
    EXPECT_EQ(CodeOf(token), "JWT_ALG_NOT_ALLOWED") << none;
  }
}

// RFC 8725 §2.1 / §3.1 algorithm confusion, CVE-2026-44699: HS256 tokens
// MACed with the public key's bytes (JWK JSON, raw public key, empty key).
TEST(JwsAttackTest, RejectsHs256SignedWithPublicKeyBytes) {
  for (const SigningKey* key : {&Ed(), &Es(), &Rs()}) {
    std::string header = R"({"alg":"HS256","kid":")" + key->kid() + "\"}";
    EXPECT_EQ(CodeOf(ForgeHs256(header, GoodClaims(), key->PublicJwk())), "JWT_ALG_NOT_ALLOWED");
    EXPECT_EQ(CodeOf(ForgeHs256(header, GoodClaims(), "")), "JWT_ALG_NOT_ALLOWED");
  }
}

// RFC 8725 §3.1: one key, one algorithm. A header naming another supported
// algorithm than the key's is refused even when that signature is valid.
TEST(JwsAttackTest, RejectsHeaderAlgOtherThanKeyAlg) {
  // ES256 header, Ed25519 kid, signed with the ES256 key.
  std::string es_on_ed = R"({"alg":"ES256","kid":")" + Ed().kid() + "\"}";
  EXPECT_EQ(CodeOf(Forge(Es(), es_on_ed, GoodClaims())), "JWT_ALG_NOT_ALLOWED");
  // RS256 header, ES256 kid.
  std::string rs_on_es = R"({"alg":"RS256","kid":")" + Es().kid() + "\"}";
  EXPECT_EQ(CodeOf(Forge(Rs(), rs_on_es, GoodClaims())), "JWT_ALG_NOT_ALLOWED");
  // EdDSA header, RS256 kid.
  std::string ed_on_rs = R"({"alg":"EdDSA","kid":")" + Rs().kid() + "\"}";
  EXPECT_EQ(CodeOf(Forge(Ed(), ed_on_rs, GoodClaims())), "JWT_ALG_NOT_ALLOWED");
}

TEST(JwsAttackTest, RejectsMissingAlg) {
  std::string header = R"({"kid":")" + Ed().kid() + "\"}";
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_ALG_NOT_ALLOWED");
}

// RFC 8725 §3.10: the key must come from the local set; no kid, no key.
TEST(JwsAttackTest, RejectsMissingKid) {
  EXPECT_EQ(CodeOf(Forge(Ed(), R"({"alg":"EdDSA"})", GoodClaims())), "JWT_UNKNOWN_KID");
}

// RFC 7515 §4.1.4: kid is an opaque lookup key, never a path or query.
TEST(JwsAttackTest, RejectsUnknownKid) {
  for (std::string_view kid : {"../../../../dev/null", "' OR 1=1--", "no-such-key", ""}) {
    std::string header = R"({"alg":"EdDSA","kid":")" + std::string(kid) + "\"}";
    EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_UNKNOWN_KID") << kid;
  }
  EXPECT_EQ(CodeOf(Forge(Ed(), R"({"alg":"EdDSA","kid":42})", GoodClaims())), "JWT_UNKNOWN_KID");
}

// RFC 7515 §4.1.2 jku / RFC 8725 §3.10: never fetched, never trusted.
TEST(JwsAttackTest, RejectsJkuHeader) {
  std::string header = HeaderFor(Ed(), R"(,"jku":"http://127.0.0.1:9/jwks.json")");
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_FORBIDDEN_HEADER");
}

// RFC 7515 §4.1.5 x5u.
TEST(JwsAttackTest, RejectsX5uHeader) {
  std::string header = HeaderFor(Ed(), R"(,"x5u":"http://127.0.0.1:9/cert.pem")");
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_FORBIDDEN_HEADER");
}

// RFC 7515 §4.1.6 x5c.
TEST(JwsAttackTest, RejectsX5cHeader) {
  std::string header = HeaderFor(Ed(), R"(,"x5c":["MIIB"])");
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_FORBIDDEN_HEADER");
}

// RFC 7515 §4.1.3 jwk: an attacker's own key embedded in the header, with a
// matching signature, must not be trusted.
TEST(JwsAttackTest, RejectsEmbeddedJwkHeader) {
  SigningKey attacker = SigningKey::Generate(Algorithm::kEdDSA).value();
  std::string header =
      R"({"alg":"EdDSA","kid":")" + attacker.kid() + R"(","jwk":)" + attacker.PublicJwk() + "}";
  EXPECT_EQ(CodeOf(Forge(attacker, header, GoodClaims())), "JWT_FORBIDDEN_HEADER");
}

// RFC 7515 §4.1.11: we understand no extension, so any crit fails.
TEST(JwsAttackTest, RejectsCritHeader) {
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed(), R"(,"crit":["exp"])"), GoodClaims())),
            "JWT_FORBIDDEN_HEADER");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed(), R"(,"crit":["x"],"x":1)"), GoodClaims())),
            "JWT_FORBIDDEN_HEADER");
}

// RFC 7797 §3: b64:false (unencoded payload) is not supported.
TEST(JwsAttackTest, RejectsB64False) {
  std::string header = HeaderFor(Ed(), R"(,"b64":false,"crit":["b64"])");
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_FORBIDDEN_HEADER");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed(), R"(,"b64":false)"), GoodClaims())),
            "JWT_FORBIDDEN_HEADER");
}

// RFC 7519 §4.1.4: exp = now - 61 s with 60 s leeway is expired.
TEST(JwsAttackTest, RejectsExpired) {
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 60;
  std::string claims = Claims(",\"exp\":" + std::to_string(kNow - 61));
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims), options), "JWT_EXPIRED");
  // exp == now with no leeway: "now must be before exp".
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), Claims(",\"exp\":" + std::to_string(kNow)))),
            "JWT_EXPIRED");
}

// Leeway is capped at kMaxLeewaySeconds (10 minutes, jwt_clock_skew's
// range), whatever a caller passes.
TEST(JwsAttackTest, LeewayIsCappedAtTenMinutes) {
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 3600;
  std::string claims = Claims(",\"exp\":" + std::to_string(kNow - kMaxLeewaySeconds));
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims), options), "JWT_EXPIRED");
  claims = Claims(",\"exp\":" + std::to_string(kNow - kMaxLeewaySeconds + 1));
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims), options), "OK");
}

// RFC 7519 §4.1.4 (exp), §4.1.5 (nbf), §4.1.6 (iat) with jwt_clock_skew's
// default leeway of 2 minutes: each claim one second inside the leeway is
// accepted, exactly at its edge (or one second past it) refused.
TEST(JwsAttackTest, Rfc7519Sec414ClockSkewEdges) {
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 120;
  const auto code = [&](std::string_view claim, std::int64_t at, std::int64_t exp = kNow + 600) {
    std::string extra = ",\"exp\":" + std::to_string(claim == "exp" ? at : exp);
    if (claim != "exp") extra += ",\"" + std::string(claim) + "\":" + std::to_string(at);
    return CodeOf(Forge(Ed(), HeaderFor(Ed()), Claims(extra)), options);
  };
  // exp: valid while now < exp + leeway.
  EXPECT_EQ(code("exp", kNow - 120 + 1), "OK");
  EXPECT_EQ(code("exp", kNow - 120), "JWT_EXPIRED");
  EXPECT_EQ(code("exp", kNow - 120 - 1), "JWT_EXPIRED");
  // nbf: valid from nbf - leeway.
  EXPECT_EQ(code("nbf", kNow + 120 - 1), "OK");
  EXPECT_EQ(code("nbf", kNow + 120), "OK");
  EXPECT_EQ(code("nbf", kNow + 120 + 1), "JWT_NOT_YET_VALID");
  // iat: no more than the leeway in the future.
  EXPECT_EQ(code("iat", kNow + 120 - 1), "OK");
  EXPECT_EQ(code("iat", kNow + 120), "OK");
  EXPECT_EQ(code("iat", kNow + 120 + 1), "JWT_NOT_YET_VALID");
}

// RFC 7519 §4.1.5: nbf = now + 120 s with 60 s leeway is not yet valid.
TEST(JwsAttackTest, RejectsNotBeforeInFuture) {
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 60;
  std::string claims =
      Claims(",\"exp\":" + std::to_string(kNow + 600) + ",\"nbf\":" + std::to_string(kNow + 120));
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims), options), "JWT_NOT_YET_VALID");
}

// RFC 7519 §4.1.6 / docs/operations.md "iat sane": issued in the future.
TEST(JwsAttackTest, RejectsIssuedAtInFuture) {
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 30;
  std::string claims =
      Claims(",\"exp\":" + std::to_string(kNow + 600) + ",\"iat\":" + std::to_string(kNow + 31));
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims), options), "JWT_NOT_YET_VALID");
}

// Tokens without an expiry are refused unless the caller opts out.
TEST(JwsAttackTest, RejectsMissingExp) {
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), Claims(""))), "JWT_MISSING_CLAIM");
}

// RFC 7519 §4.1.4: a NumericDate must be a number.
TEST(JwsAttackTest, RejectsNonNumericExp) {
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), Claims(R"(,"exp":"2099-01-01")"))),
            "JWT_MALFORMED");
}

// RFC 8725 §3.8: iss must match exactly.
TEST(JwsAttackTest, RejectsWrongIssuer) {
  std::string exp = ",\"exp\":" + std::to_string(kNow + 600);
  std::string other = R"({"iss":"https://evil.example","aud":"https://auth.example")" + exp + "}";
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), other)), "JWT_BAD_ISSUER");
  std::string missing = R"({"aud":"https://auth.example")" + exp + "}";
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), missing)), "JWT_BAD_ISSUER");
}

// RFC 8725 §3.9: aud (string or array) must contain this service.
TEST(JwsAttackTest, RejectsWrongAudience) {
  std::string exp = ",\"exp\":" + std::to_string(kNow + 600);
  for (std::string_view aud : {R"("https://other.example")", R"(["https://other.example"])",
                               R"([])", R"(42)", R"(["https://auth.example.evil"])"}) {
    std::string claims = R"({"iss":"https://auth.example","aud":)" + std::string(aud) + exp + "}";
    EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims)), "JWT_BAD_AUDIENCE") << aud;
  }
  std::string missing = R"({"iss":"https://auth.example")" + exp + "}";
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), missing)), "JWT_BAD_AUDIENCE");
}

// RFC 7515 §7.1: exactly three segments.
TEST(JwsAttackTest, RejectsWrongSegmentCount) {
  std::string good = Forge(Ed(), HeaderFor(Ed()), GoodClaims());
  std::string two = good.substr(0, good.rfind('.'));
  EXPECT_EQ(CodeOf(two), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(good + ".e30"), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(""), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(".."), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf("...."), "JWT_MALFORMED");
}

// RFC 7515 §2: base64url without padding; no '+', '/', '=', whitespace.
TEST(JwsAttackTest, RejectsNonBase64UrlCharactersAndPadding) {
  std::string good = Forge(Ed(), HeaderFor(Ed()), GoodClaims());
  std::size_t dot = good.find('.');
  EXPECT_EQ(CodeOf(good.substr(0, dot) + "=" + good.substr(dot)), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(good + "=="), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(" " + good), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(good + "\n"), "JWT_MALFORMED");
  std::string plus = good;
  plus[dot + 1] = '+';
  EXPECT_EQ(CodeOf(plus), "JWT_MALFORMED");
  std::string slash = good;
  slash[dot - 1] = '/';
  EXPECT_EQ(CodeOf(slash), "JWT_MALFORMED");
}

// RFC 7515 §4 / RFC 7519 §4: duplicate member names are refused, so two
// parsers can never read a different alg or sub from one token.
TEST(JwsAttackTest, RejectsDuplicateHeaderMember) {
  std::string header = HeaderFor(Ed(), R"(,"alg":"none")");
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_DUPLICATE_MEMBER");
}

TEST(JwsAttackTest, RejectsDuplicateClaim) {
  std::string claims = Claims(R"(,"exp":1700000600,"sub":"admin")");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), claims)), "JWT_DUPLICATE_MEMBER");
}

// Oversize input is refused before any decoding (8 KiB default); a 10 kB
// kid (docs/operations.md) included.
TEST(JwsAttackTest, RejectsOversizeToken) {
  std::string header = R"({"alg":"EdDSA","kid":")" + std::string(10000, 'k') + "\"}";
  EXPECT_EQ(CodeOf(Forge(Ed(), header, GoodClaims())), "JWT_TOO_LARGE");
  VerifyOptions small = DefaultOptions();
  small.max_token_bytes = 64;
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), GoodClaims()), small), "JWT_TOO_LARGE");
}

// Header or claims that are JSON but not objects.
TEST(JwsAttackTest, RejectsNonObjectSegments) {
  EXPECT_EQ(CodeOf(Forge(Ed(), R"(["EdDSA"])", GoodClaims())), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), R"("just a string")")), "JWT_MALFORMED");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), "{not json")), "JWT_MALFORMED");
}

// RFC 7515 §5.2: a changed payload, a stripped or truncated signature, or a
// signature from another key of the same algorithm fails.
TEST(JwsAttackTest, RejectsBadSignature) {
  for (const SigningKey* key : {&Ed(), &Es(), &Rs()}) {
    std::string good = Forge(*key, HeaderFor(*key), GoodClaims());
    std::size_t dot1 = good.find('.');
    std::size_t dot2 = good.rfind('.');
    std::string other_payload = Base64UrlEncode(Claims(R"(,"exp":1700000600,"role":"admin")"));
    EXPECT_EQ(CodeOf(good.substr(0, dot1 + 1) + other_payload + good.substr(dot2)),
              "JWT_BAD_SIGNATURE");
    EXPECT_EQ(CodeOf(good.substr(0, dot2 + 1)), "JWT_BAD_SIGNATURE");
    EXPECT_EQ(CodeOf(good.substr(0, good.size() - 4)), "JWT_BAD_SIGNATURE");
    SigningKey impostor = SigningKey::Generate(key->alg()).value();
    EXPECT_EQ(CodeOf(Forge(impostor, HeaderFor(*key), GoodClaims())), "JWT_BAD_SIGNATURE");
  }
}

// CVE-2022-21449 "psychic signatures": ES256 with r = s = 0.
TEST(JwsAttackTest, RejectsEs256ZeroSignature) {
  std::string input = Base64UrlEncode(HeaderFor(Es())) + "." + Base64UrlEncode(GoodClaims());
  EXPECT_EQ(CodeOf(input + "." + Base64UrlEncode(std::string(64, '\0'))), "JWT_BAD_SIGNATURE");
}

// RFC 8725 §3.11: explicit typing, when the caller asks for it.
TEST(JwsAttackTest, RejectsWrongTyp) {
  VerifyOptions options = DefaultOptions();
  options.typ = "at+jwt";
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed(), R"(,"typ":"JWT")"), GoodClaims()), options),
            "JWT_BAD_TYPE");
  EXPECT_EQ(CodeOf(Forge(Ed(), HeaderFor(Ed()), GoodClaims()), options), "JWT_BAD_TYPE");
}

}  // namespace
}  // namespace latchkey::crypto::jose
