// Tokens without `kid` (VerifyOptions::max_keys_without_kid): some OpenID
// providers leave it out when they publish one key per type. Refused by
// default (RFC 8725 §3.10: the key comes from the local set); allowed, the
// header's algorithm still picks the key type, so alg confusion stays shut
// (RFC 8725 §2.1, §3.1; the GHSA-style "alg: none" / HS256-with-the-public-
// key forgeries).
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
using testing::TestKey;
using testing::TestKeySet;

VerifyOptions KidLess(std::size_t max) {
  VerifyOptions options = DefaultOptions();
  options.max_keys_without_kid = max;
  return options;
}

std::string CodeOf(std::string_view token, const KeySet& keys, const VerifyOptions& options) {
  auto result = Verify(token, keys, options);
  return result ? std::string("OK") : std::string(result.error().code);
}

const SigningKey& OtherEs() {
  static const SigningKey kKey = SigningKey::Generate(Algorithm::kES256).value();
  return kKey;
}

TEST(JwsKidLessTest, RefusedUnlessTheOptionAllowsIt) {
  const std::string token = Forge(TestKey(Algorithm::kES256), R"({"alg":"ES256"})", GoodClaims());
  EXPECT_EQ(CodeOf(token, TestKeySet(), DefaultOptions()), "JWT_UNKNOWN_KID");
  // The set holds exactly one ES256 key: that one verifies it.
  auto verified = Verify(token, TestKeySet(), KidLess(4));
  ASSERT_TRUE(verified) << verified.error().code;
  EXPECT_EQ(verified->kid, TestKey(Algorithm::kES256).kid());
}

TEST(JwsKidLessTest, EachCandidateOfTheAlgorithmIsTriedBounded) {
  KeySet set = TestKeySet();
  ASSERT_TRUE(set.Add(OtherEs().verify_key()));
  const std::string by_second = Forge(OtherEs(), R"({"alg":"ES256"})", GoodClaims());
  auto verified = Verify(by_second, set, KidLess(4));
  ASSERT_TRUE(verified) << verified.error().code;
  EXPECT_EQ(verified->kid, OtherEs().kid());
  // More candidates than the bound: refused before any signature check.
  EXPECT_EQ(CodeOf(by_second, set, KidLess(1)), "JWT_UNKNOWN_KID");
  // A key of the set that did not sign it: no candidate verifies.
  const std::string stranger =
      Forge(SigningKey::Generate(Algorithm::kES256).value(), R"({"alg":"ES256"})", GoodClaims());
  EXPECT_EQ(CodeOf(stranger, set, KidLess(4)), "JWT_BAD_SIGNATURE");
}

TEST(JwsKidLessTest, NoneAndHmacStayRefusedWithoutKid) {
  const std::string payload = Base64UrlEncode(GoodClaims());
  EXPECT_EQ(
      CodeOf(Base64UrlEncode(R"({"alg":"none"})") + "." + payload + ".", TestKeySet(), KidLess(4)),
      "JWT_ALG_NOT_ALLOWED");
  // HS256 keyed with a published public key (the classic confusion).
  const std::string header = Base64UrlEncode(R"({"alg":"HS256"})");
  const std::string input = header + "." + payload;
  const std::string hs =
      input + "." +
      Base64UrlEncode(HmacSha256(TestKey(Algorithm::kRS256).verify_key().public_jwk(), input));
  EXPECT_EQ(CodeOf(hs, TestKeySet(), KidLess(4)), "JWT_ALG_NOT_ALLOWED");
  // An RS256 header never reaches the ES256 key.
  const std::string rs_header_es_sig =
      Forge(TestKey(Algorithm::kES256), R"({"alg":"RS256"})", GoodClaims());
  EXPECT_EQ(CodeOf(rs_header_es_sig, TestKeySet(), KidLess(4)), "JWT_BAD_SIGNATURE");
}

}  // namespace
}  // namespace latchkey::crypto::jose
