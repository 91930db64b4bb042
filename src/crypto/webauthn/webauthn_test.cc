// Registration and assertion round trips for each algorithm and attestation
// format, built by the test authenticator.
#include "crypto/webauthn/webauthn.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "crypto/webauthn/test_authenticator.h"

namespace latchkey::crypto::webauthn {
namespace {

using testing::AndroidKey;
using testing::Assertion;
using testing::AssertionSpec;
using testing::AuthData;
using testing::AuthDataSpec;
using testing::ClientDataJson;
using testing::DefaultRp;
using testing::FidoU2f;
using testing::MakeRegistration;
using testing::MakeTpmParts;
using testing::NoneRegistration;
using testing::PackedCertSpec;
using testing::PackedSelf;
using testing::PackedX5c;
using testing::TestKey;
using testing::TpmStatement;

const std::string kAaguid(16, '\x2a');

class RoundTripTest : public ::testing::TestWithParam<int> {};

TEST_P(RoundTripTest, NoneRegistrationThenAssertion) {
  const TestKey key = TestKey::Generate(GetParam());
  auto registered = VerifyRegistration(DefaultRp(), NoneRegistration(key));
  ASSERT_TRUE(registered.has_value())
      << registered.error().code << " " << registered.error().detail;
  EXPECT_EQ(registered->credential_id, testing::kCredentialId);
  EXPECT_EQ(registered->public_key, key.CoseKey());
  EXPECT_EQ(registered->algorithm, GetParam());
  EXPECT_EQ(registered->aaguid, "2a2a2a2a-2a2a-2a2a-2a2a-2a2a2a2a2a2a");
  EXPECT_EQ(registered->attestation_format, "none");
  EXPECT_EQ(registered->origin, testing::kOrigin);
  EXPECT_TRUE(registered->user_verified);
  EXPECT_FALSE(registered->backup_eligible);

  auto spec = AssertionSpec();
  spec.sign_count = 7;
  auto in = testing::Assertion(key, AuthData(spec), ClientDataJson("webauthn.get"));
  in.public_key = registered->public_key;
  in.stored_sign_count = registered->sign_count;
  auto result = VerifyAuthentication(DefaultRp(), in);
  ASSERT_TRUE(result.has_value()) << result.error().code << " " << result.error().detail;
  EXPECT_EQ(result->sign_count, 7u);
  EXPECT_FALSE(result->counter_regressed);
  EXPECT_TRUE(result->user_verified);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, RoundTripTest, ::testing::Values(kEs256, kEdDsa, kRs256));

// Each attestation format, for each credential algorithm it allows.
class FormatTest : public ::testing::TestWithParam<int> {
 protected:
  void ExpectRegistered(const RegistrationInput& in, std::string_view fmt) {
    auto registered = VerifyRegistration(DefaultRp(), in);
    ASSERT_TRUE(registered.has_value())
        << registered.error().code << " " << registered.error().detail;
    EXPECT_EQ(registered->attestation_format, fmt);
    EXPECT_EQ(registered->algorithm, GetParam());
  }
  TestKey key_ = TestKey::Generate(GetParam());
};

TEST_P(FormatTest, PackedSelfAttestation) {
  ExpectRegistered(MakeRegistration(key_, "packed", PackedSelf(key_)), "packed");
}

TEST_P(FormatTest, PackedWithCertificate) {
  const TestKey attestation = TestKey::Generate(kEs256);
  ExpectRegistered(
      MakeRegistration(key_, "packed", PackedX5c(attestation, PackedCertSpec(kAaguid))), "packed");
}

TEST_P(FormatTest, PackedWithRsaCertificate) {
  const TestKey attestation = TestKey::Generate(kRs256);
  ExpectRegistered(
      MakeRegistration(key_, "packed", PackedX5c(attestation, PackedCertSpec(kAaguid))), "packed");
}

TEST_P(FormatTest, AndroidKey) {
  const TestKey issuer = TestKey::Generate(kEs256);
  ExpectRegistered(MakeRegistration(key_, "android-key", AndroidKey(key_, issuer)), "android-key");
}

INSTANTIATE_TEST_SUITE_P(Algorithms, FormatTest, ::testing::Values(kEs256, kEdDsa, kRs256));

TEST(FormatTest, FidoU2f) {
  const TestKey key = TestKey::Generate(kEs256);
  const TestKey attestation = TestKey::Generate(kEs256);
  auto registered =
      VerifyRegistration(DefaultRp(), MakeRegistration(key, "fido-u2f", FidoU2f(attestation, key)));
  ASSERT_TRUE(registered.has_value())
      << registered.error().code << " " << registered.error().detail;
  EXPECT_EQ(registered->attestation_format, "fido-u2f");
}

class TpmTest : public ::testing::TestWithParam<std::pair<int, int>> {};

// Credential key and AIK: RSA with a P-256 AIK, P-256 with an RSA AIK.
TEST_P(TpmTest, Registers) {
  const TestKey key = TestKey::Generate(GetParam().first);
  const TestKey aik = TestKey::Generate(GetParam().second);
  auto in = MakeRegistration(key, "tpm", [&](std::string_view auth_data, std::string_view hash) {
    return TpmStatement(MakeTpmParts(key, aik, auth_data, hash));
  });
  auto registered = VerifyRegistration(DefaultRp(), in);
  ASSERT_TRUE(registered.has_value())
      << registered.error().code << " " << registered.error().detail;
  EXPECT_EQ(registered->attestation_format, "tpm");
}

INSTANTIATE_TEST_SUITE_P(Keys, TpmTest,
                         ::testing::Values(std::pair{kRs256, kEs256}, std::pair{kEs256, kRs256}));

TEST(FlagsTest, BackupFlagsAndCounterAreReported) {
  const TestKey key = TestKey::Generate(kEs256);
  AuthDataSpec spec;
  spec.flags = kFlagUp | kFlagBe | kFlagBs;
  spec.sign_count = 41;
  auto registered = VerifyRegistration(DefaultRp(), NoneRegistration(key, spec));
  ASSERT_TRUE(registered.has_value());
  EXPECT_FALSE(registered->user_verified);
  EXPECT_TRUE(registered->backup_eligible);
  EXPECT_TRUE(registered->backed_up);
  EXPECT_EQ(registered->sign_count, 41u);

  AuthDataSpec assertion = AssertionSpec();
  assertion.flags = kFlagUp | kFlagBe;
  assertion.sign_count = 42;
  auto in = Assertion(key, AuthData(assertion), ClientDataJson("webauthn.get"));
  in.stored_sign_count = 41;
  auto result = VerifyAuthentication(DefaultRp(), in);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->counter_regressed);
  EXPECT_FALSE(result->user_verified);
  EXPECT_TRUE(result->backup_eligible);
  EXPECT_FALSE(result->backed_up);
}

// WebAuthn L2 §7.2 step 21: counters that stay at zero are authenticators
// without a counter, not clones.
TEST(CounterTest, BothZeroIsNotARegression) {
  const TestKey key = TestKey::Generate(kEdDsa);
  auto in = Assertion(key, AuthData(AssertionSpec()), ClientDataJson("webauthn.get"));
  auto result = VerifyAuthentication(DefaultRp(), in);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->counter_regressed);
}

// Extensions after the attested credential data: the key's CBOR length
// decides where they start.
TEST(ExtensionsTest, RegistrationWithExtensionsMap) {
  const TestKey key = TestKey::Generate(kEs256);
  AuthDataSpec spec;
  spec.extensions = testing::cb::Map({{testing::cb::Text("credProtect"), testing::cb::Int(2)}});
  auto registered = VerifyRegistration(DefaultRp(), NoneRegistration(key, spec));
  ASSERT_TRUE(registered.has_value()) << registered.error().code;
  EXPECT_EQ(registered->public_key, key.CoseKey());
}

TEST(OriginsTest, AnyListedOriginIsAcceptedAndReported) {
  const TestKey key = TestKey::Generate(kEs256);
  RelyingParty rp = DefaultRp();
  rp.origins = {"https://other.example", std::string(testing::kOrigin)};
  auto registered = VerifyRegistration(rp, NoneRegistration(key));
  ASSERT_TRUE(registered.has_value());
  EXPECT_EQ(registered->origin, testing::kOrigin);
}

// tokenBinding is ignored, whatever it holds (WebAuthn L2 §7.1 step 10).
TEST(ClientDataTest, TokenBindingIsIgnored) {
  const TestKey key = TestKey::Generate(kEs256);
  auto in = Assertion(key, AuthData(AssertionSpec()),
                      R"({"type":"webauthn.get","challenge":")" + std::string(testing::kChallenge) +
                          R"(","origin":")" + std::string(testing::kOrigin) +
                          R"(","tokenBinding":{"status":"present","id":"AAAA"}})");
  EXPECT_TRUE(VerifyAuthentication(DefaultRp(), in).has_value());
}

}  // namespace
}  // namespace latchkey::crypto::webauthn
