// Sign/Verify round trips and the shape of what Sign() emits.
#include "crypto/jose/jws.h"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <string>

#include "crypto/encoding.h"
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

std::string Segment(const std::string& token, int index) {
  std::size_t dot1 = token.find('.');
  std::size_t dot2 = token.rfind('.');
  if (index == 0) return token.substr(0, dot1);
  if (index == 1) return token.substr(dot1 + 1, dot2 - dot1 - 1);
  return token.substr(dot2 + 1);
}

class JwsRoundTripTest : public ::testing::TestWithParam<Algorithm> {};

TEST_P(JwsRoundTripTest, SignThenVerify) {
  const SigningKey& key = TestKey(GetParam());
  auto token = Sign(key, GoodClaims());
  ASSERT_TRUE(token.has_value());
  auto verified = Verify(*token, TestKeySet(), DefaultOptions());
  ASSERT_TRUE(verified.has_value()) << verified.error().code << " " << verified.error().detail;
  EXPECT_EQ(verified->alg, GetParam());
  EXPECT_EQ(verified->kid, key.kid());
  EXPECT_EQ(verified->claims.at("sub").as_string(), "user-1");
}

TEST_P(JwsRoundTripTest, HeaderIsAlgKidTyp) {
  const SigningKey& key = TestKey(GetParam());
  std::string token = Sign(key, GoodClaims()).value();
  EXPECT_EQ(Base64UrlDecode(Segment(token, 0)).value(),
            R"({"alg":")" + std::string(AlgorithmName(GetParam())) + R"(","kid":")" + key.kid() +
                R"(","typ":"JWT"})");
  EXPECT_EQ(Base64UrlDecode(Segment(token, 1)).value(), GoodClaims());
}

// A key reloaded from its private bytes signs tokens the original verifies.
TEST_P(JwsRoundTripTest, ReloadedKeySignsVerifiableTokens) {
  const SigningKey& key = TestKey(GetParam());
  SigningKey reloaded =
      SigningKey::FromPrivateBytes(GetParam(), key.PrivateBytes().value()).value();
  std::string token = Sign(reloaded, GoodClaims()).value();
  EXPECT_TRUE(Verify(token, TestKeySet(), DefaultOptions()).has_value());
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, JwsRoundTripTest,
                         ::testing::Values(Algorithm::kEdDSA, Algorithm::kES256, Algorithm::kRS256),
                         [](const auto& info) { return std::string(AlgorithmName(info.param)); });

// RFC 7518 §3.4: ES256 signatures are R||S, 64 bytes, never DER.
TEST(JwsTest, Es256SignatureIs64BytesRaw) {
  for (int i = 0; i < 20; ++i) {  // DER length varies per signature; raw never does
    std::string token = Sign(TestKey(Algorithm::kES256), GoodClaims()).value();
    EXPECT_EQ(Base64UrlDecode(Segment(token, 2)).value().size(), 64u);
    EXPECT_TRUE(Verify(token, TestKeySet(), DefaultOptions()).has_value());
  }
}

// RFC 7518 §3.3: RS256 signature is the modulus length (2048 bits).
TEST(JwsTest, Rs256SignatureIsModulusLength) {
  std::string token = Sign(TestKey(Algorithm::kRS256), GoodClaims()).value();
  EXPECT_EQ(Base64UrlDecode(Segment(token, 2)).value().size(), 256u);
}

TEST(JwsTest, EdDsaSignatureIsDeterministic) {
  const SigningKey& key = TestKey(Algorithm::kEdDSA);
  EXPECT_EQ(Sign(key, GoodClaims()).value(), Sign(key, GoodClaims()).value());
}

TEST(JwsTest, SignsBoostJsonObject) {
  boost::json::object claims;
  claims["sub"] = "user-2";
  claims["exp"] = kNow + 60;
  std::string token = Sign(TestKey(Algorithm::kEdDSA), claims).value();
  VerifyOptions options;
  options.now = kNow;
  auto verified = Verify(token, TestKeySet(), options);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->claims.at("sub").as_string(), "user-2");
}

// Better Auth's jwt plugin sends no typ (docs/api.md).
TEST(JwsTest, EmptyTypOmitsTheMember) {
  const SigningKey& key = TestKey(Algorithm::kEdDSA);
  std::string token = Sign(key, GoodClaims(), "").value();
  EXPECT_EQ(Base64UrlDecode(Segment(token, 0)).value(),
            R"({"alg":"EdDSA","kid":")" + key.kid() + "\"}");
  EXPECT_TRUE(Verify(token, TestKeySet(), DefaultOptions()).has_value());
}

TEST(JwsTest, TypCheckIgnoresCaseAndMediaPrefix) {
  const SigningKey& key = TestKey(Algorithm::kEdDSA);
  VerifyOptions options = DefaultOptions();
  options.typ = "at+jwt";
  EXPECT_TRUE(Verify(Sign(key, GoodClaims(), "at+jwt").value(), TestKeySet(), options));
  EXPECT_TRUE(Verify(Sign(key, GoodClaims(), "application/AT+JWT").value(), TestKeySet(), options));
}

TEST(JwsTest, AcceptsAudienceInArray) {
  const SigningKey& key = TestKey(Algorithm::kES256);
  std::string claims =
      R"({"iss":"https://auth.example","aud":["https://other.example","https://auth.example"],)"
      R"("exp":1700000600})";
  EXPECT_TRUE(Verify(Forge(key, HeaderFor(key), claims), TestKeySet(), DefaultOptions()));
}

TEST(JwsTest, AcceptsExpiryWithinLeeway) {
  const SigningKey& key = TestKey(Algorithm::kEdDSA);
  VerifyOptions options = DefaultOptions();
  options.leeway_seconds = 60;
  std::string claims = R"({"iss":"https://auth.example","aud":"https://auth.example","exp":)" +
                       std::to_string(kNow - 30) + R"(,"nbf":)" + std::to_string(kNow + 30) + "}";
  EXPECT_TRUE(Verify(Forge(key, HeaderFor(key), claims), TestKeySet(), options));
  options.require_exp = false;
  EXPECT_TRUE(Verify(Forge(key, HeaderFor(key),
                           R"({"iss":"https://auth.example",)"
                           R"("aud":"https://auth.example"})"),
                     TestKeySet(), options));
}

// RFC 9864: the fully-specified "Ed25519" alg verifies with an EdDSA key.
TEST(JwsTest, AcceptsEd25519AlgName) {
  const SigningKey& key = TestKey(Algorithm::kEdDSA);
  std::string header = R"({"alg":"Ed25519","kid":")" + key.kid() + "\"}";
  EXPECT_TRUE(Verify(Forge(key, header, GoodClaims()), TestKeySet(), DefaultOptions()));
}

}  // namespace
}  // namespace latchkey::crypto::jose
