// Keys: generation, private-key round trips, public JWK shape, RFC 7638
// thumbprints, JWK import checks, KeySet/JWKS, and the RFC 8037 Ed25519 KAT.
#include "crypto/jose/key.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <string>

#include "crypto/encoding.h"
#include "crypto/jose/errors.h"
#include "crypto/jose/key_set.h"
#include "crypto/jose/test_keys.h"

namespace latchkey::crypto::jose {
namespace {

using testing::TestKey;

// RFC 7638 §3.1 (the RFC 7517 A.1 RSA key).
constexpr std::string_view kRfc7638N =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
    "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
    "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQ"
    "Fh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

// RFC 8037 Appendix A.1-A.4.
constexpr std::string_view kRfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr std::string_view kRfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr std::string_view kRfc8037Input =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr std::string_view kRfc8037Sig =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

std::string Rfc7638Jwk(std::string_view extra = "") {
  return R"({"kty":"RSA","n":")" + std::string(kRfc7638N) + R"(","e":"AQAB","alg":"RS256",)" +
         R"("kid":"2011-04-29")" + std::string(extra) + "}";
}

// RFC 7638 §3.1: the thumbprint of the example key.
TEST(KeyTest, ThumbprintMatchesRfc7638Example) {
  VerifyKey key = VerifyKey::FromJwk(Rfc7638Jwk()).value();
  EXPECT_EQ(key.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  EXPECT_EQ(key.kid(), "2011-04-29");  // a stated kid is kept
  EXPECT_EQ(key.alg(), Algorithm::kRS256);
}

// RFC 8037 A.3: the Ed25519 example key's thumbprint; A.4: its signature.
TEST(KeyTest, Rfc8037Ed25519KnownAnswers) {
  SigningKey key =
      SigningKey::FromPrivateBytes(Algorithm::kEdDSA, Base64UrlDecode(kRfc8037D).value()).value();
  EXPECT_EQ(key.kid(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  EXPECT_NE(key.PublicJwk().find(std::string("\"x\":\"") + std::string(kRfc8037X) + "\""),
            std::string::npos);
  std::string sig = key.SignBytes(kRfc8037Input).value();
  EXPECT_EQ(Base64UrlEncode(sig), kRfc8037Sig);

  VerifyKey pub =
      VerifyKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","x":")" + std::string(kRfc8037X) + "\"}")
          .value();
  EXPECT_EQ(pub.kid(), key.kid());
  EXPECT_TRUE(pub.VerifySignature(kRfc8037Input, sig));
  EXPECT_FALSE(pub.VerifySignature(std::string(kRfc8037Input) + "x", sig));
}

// Generated keys: kid is the RFC 7638 thumbprint, and a JWK re-import keeps it.
TEST(KeyTest, GeneratedKidIsThumbprint) {
  for (Algorithm alg : {Algorithm::kEdDSA, Algorithm::kES256, Algorithm::kRS256}) {
    const SigningKey& key = TestKey(alg);
    EXPECT_EQ(key.kid(), key.verify_key().thumbprint());
    EXPECT_EQ(key.kid().size(), 43u);  // base64url of 32 bytes
    VerifyKey reimported = VerifyKey::FromJwk(key.PublicJwk()).value();
    EXPECT_EQ(reimported.kid(), key.kid());
    EXPECT_EQ(reimported.thumbprint(), key.kid());
    EXPECT_EQ(reimported.public_jwk(), key.PublicJwk());
  }
}

TEST(KeyTest, PrivateBytesRoundTrip) {
  for (Algorithm alg : {Algorithm::kEdDSA, Algorithm::kES256, Algorithm::kRS256}) {
    const SigningKey& key = TestKey(alg);
    std::string bytes = key.PrivateBytes().value();
    if (alg == Algorithm::kEdDSA) {
      EXPECT_EQ(bytes.size(), 32u);
    }
    SigningKey loaded = SigningKey::FromPrivateBytes(alg, bytes).value();
    EXPECT_EQ(loaded.kid(), key.kid());
    EXPECT_EQ(loaded.PublicJwk(), key.PublicJwk());
    SigningKey named = SigningKey::FromPrivateBytes(alg, bytes, "key-2024").value();
    EXPECT_EQ(named.kid(), "key-2024");
  }
}

TEST(KeyTest, FromPrivateBytesRejectsWrongAlgorithmOrGarbage) {
  std::string es = TestKey(Algorithm::kES256).PrivateBytes().value();
  std::string rs = TestKey(Algorithm::kRS256).PrivateBytes().value();
  EXPECT_EQ(SigningKey::FromPrivateBytes(Algorithm::kRS256, es).error().code,
            "JOSE_INVALID_PRIVATE_KEY");
  EXPECT_EQ(SigningKey::FromPrivateBytes(Algorithm::kES256, rs).error().code,
            "JOSE_INVALID_PRIVATE_KEY");
  EXPECT_FALSE(SigningKey::FromPrivateBytes(Algorithm::kES256, "garbage").has_value());
  EXPECT_FALSE(SigningKey::FromPrivateBytes(Algorithm::kES256, es + "x").has_value());
  EXPECT_FALSE(SigningKey::FromPrivateBytes(Algorithm::kEdDSA, std::string(31, 'k')));
  EXPECT_FALSE(SigningKey::Generate(Algorithm::kRS256, 1024).has_value());
}

// RFC 7517 §4 / docs/operations.md: public JWK members only, use "sig", alg, kid.
TEST(KeyTest, PublicJwkHasExactlyPublicMembers) {
  const std::set<std::string> ok = {"kty", "crv", "x", "y", "n", "e", "alg", "use", "kid"};
  for (Algorithm alg : {Algorithm::kEdDSA, Algorithm::kES256, Algorithm::kRS256}) {
    boost::json::object jwk = boost::json::parse(TestKey(alg).PublicJwk()).as_object();
    for (const auto& member : jwk) EXPECT_TRUE(ok.count(member.key())) << member.key();
    EXPECT_EQ(jwk.at("use").as_string(), "sig");
    EXPECT_EQ(jwk.at("alg").as_string(), AlgorithmName(alg));
    EXPECT_EQ(jwk.at("kid").as_string(), TestKey(alg).kid());
  }
  boost::json::object ec = boost::json::parse(TestKey(Algorithm::kES256).PublicJwk()).as_object();
  EXPECT_EQ(ec.at("kty").as_string(), "EC");
  EXPECT_EQ(ec.at("crv").as_string(), "P-256");
  EXPECT_EQ(Base64UrlDecode(ec.at("x").as_string()).value().size(), 32u);
  EXPECT_EQ(Base64UrlDecode(ec.at("y").as_string()).value().size(), 32u);
}

TEST(KeyTest, FromJwkRejectsPrivateMembers) {
  EXPECT_EQ(VerifyKey::FromJwk(Rfc7638Jwk(R"(,"d":"AQAB")")).error().code, "JWK_INVALID");
}

// RFC 8725 §3.4: an EC point that is not on P-256 is refused.
TEST(KeyTest, FromJwkRejectsOffCurvePoint) {
  boost::json::object jwk = boost::json::parse(TestKey(Algorithm::kES256).PublicJwk()).as_object();
  std::string y = Base64UrlDecode(jwk.at("y").as_string()).value();
  y[31] = static_cast<char>(y[31] ^ 1);
  jwk["y"] = Base64UrlEncode(y);
  jwk.erase("kid");
  std::string text = boost::json::serialize(jwk);
  EXPECT_EQ(VerifyKey::FromJwk(text).error().code, "JWK_INVALID");
}

// RFC 8725 §3.1: a JWK's alg must be its key type's one algorithm.
TEST(KeyTest, FromJwkRejectsAlgMismatch) {
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","alg":"ES256","x":")" +
                                  std::string(kRfc8037X) + "\"}"));
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"RSA","alg":"HS256","n":")" + std::string(kRfc7638N) +
                                  R"(","e":"AQAB"})"));
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"oct","k":"c2VjcmV0"})"));
}

TEST(KeyTest, FromJwkRejectsSmallRsaAndBadMembers) {
  std::string small_n(kRfc7638N.substr(0, 171));  // 1024 bits
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"RSA","n":")" + small_n + R"(","e":"AQAB"})"));
  EXPECT_FALSE(VerifyKey::FromJwk(Rfc7638Jwk(R"(,"use":"enc")")));
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","x":"AAAA"})"));
  EXPECT_FALSE(
      VerifyKey::FromJwk(R"({"kty":"OKP","crv":"X25519","x":")" + std::string(kRfc8037X) + "\"}"));
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","x":")" + std::string(kRfc8037X) +
                                  "=\"}"));
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"OKP","kty":"OKP","crv":"Ed25519","x":")" +
                                  std::string(kRfc8037X) + "\"}"));
  // Ed25519 point of small order (the identity).
  std::string identity(32, '\0');
  identity[0] = 1;
  EXPECT_FALSE(VerifyKey::FromJwk(R"({"kty":"OKP","crv":"Ed25519","x":")" +
                                  Base64UrlEncode(identity) + "\"}"));
}

TEST(KeySetTest, BuildsJwksAndRefusesDuplicateKid) {
  KeySet set = testing::TestKeySet();
  EXPECT_EQ(set.size(), 3u);
  auto dup = set.Add(TestKey(Algorithm::kEdDSA).verify_key());
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, "JWK_DUPLICATE_KID");
  EXPECT_NE(set.Find(TestKey(Algorithm::kES256).kid()), nullptr);
  EXPECT_EQ(set.Find("nope"), nullptr);

  std::string jwks = set.ToJwksJson();
  boost::json::object parsed = boost::json::parse(jwks).as_object();
  ASSERT_EQ(parsed.at("keys").as_array().size(), 3u);
  EXPECT_EQ(parsed.at("keys").as_array()[0].as_object().at("kty").as_string(), "OKP");
  for (std::string_view priv : {"\"d\"", "\"p\"", "\"q\"", "\"k\""}) {
    EXPECT_EQ(jwks.find(priv), std::string::npos) << priv;
  }
  KeySet reparsed = KeySet::FromJwksJson(jwks).value();
  EXPECT_EQ(reparsed.ToJwksJson(), jwks);
}

TEST(KeySetTest, FromJwksRejectsBadInput) {
  EXPECT_FALSE(KeySet::FromJwksJson(R"({"keys":{}})"));
  EXPECT_FALSE(KeySet::FromJwksJson(R"([])"));
  std::string jwk = TestKey(Algorithm::kEdDSA).PublicJwk();
  EXPECT_EQ(KeySet::FromJwksJson(R"({"keys":[)" + jwk + "," + jwk + "]}").error().code,
            "JWK_DUPLICATE_KID");
}

TEST(KeyTest, AlgorithmNames) {
  EXPECT_EQ(ParseAlgorithm("EdDSA"), Algorithm::kEdDSA);
  EXPECT_EQ(ParseAlgorithm("Ed25519"), Algorithm::kEdDSA);
  EXPECT_EQ(ParseAlgorithm("es256"), std::nullopt);  // case-sensitive (RFC 7515 §4.1.1)
  EXPECT_EQ(ParseAlgorithm("none"), std::nullopt);
  EXPECT_EQ(ParseAlgorithm("HS256"), std::nullopt);
}

TEST(JoseErrorsTest, CodesAreUnique) {
  std::set<std::string_view> codes;
  for (const ErrorInfo& info : JoseErrors()) EXPECT_TRUE(codes.insert(info.code).second);
}

}  // namespace
}  // namespace latchkey::crypto::jose
