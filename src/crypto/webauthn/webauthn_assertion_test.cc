// One test per verification step of WebAuthn L2 §7.2 (authentication) with a
// malformed or hostile input, and sweeps that damage valid inputs byte by
// byte: nothing is ever refused as kInternal, nothing crashes.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>

#include "crypto/hash.h"
#include "crypto/webauthn/errors.h"
#include "crypto/webauthn/test_authenticator.h"
#include "crypto/webauthn/webauthn.h"

namespace latchkey::crypto::webauthn {
namespace {

namespace cb = testing::cb;
using testing::Assertion;
using testing::AssertionSpec;
using testing::AuthData;
using testing::AuthDataSpec;
using testing::ClientDataJson;
using testing::DefaultRp;
using testing::kChallenge;
using testing::MakeRegistration;
using testing::NoneRegistration;
using testing::TestKey;

template <class T>
::testing::AssertionResult Refused(const Result<T>& result, const ErrorInfo& info) {
  if (result.has_value()) return ::testing::AssertionFailure() << "accepted; wanted " << info.code;
  if (result.error().code != info.code || result.error().kind != ErrorKind::kInvalidArgument) {
    return ::testing::AssertionFailure() << "refused with " << result.error().code << " ("
                                         << result.error().detail << "); wanted " << info.code;
  }
  return ::testing::AssertionSuccess();
}

class AssertionStepTest : public ::testing::TestWithParam<int> {
 protected:
  Result<AuthenticationResult> Verify(const AuthenticationInput& in) {
    return VerifyAuthentication(rp_, in);
  }
  AuthenticationInput Signed(const AuthDataSpec& spec,
                             const std::string& client_data = ClientDataJson("webauthn.get")) {
    return Assertion(key_, AuthData(spec), client_data);
  }
  RelyingParty rp_ = DefaultRp();
  TestKey key_ = TestKey::Generate(GetParam());
};

TEST_P(AssertionStepTest, Valid) { EXPECT_TRUE(Verify(Signed(AssertionSpec())).has_value()); }

// WebAuthn L2 §7.2 step 7: the stored key no longer parses.
TEST_P(AssertionStepTest, StoredKeyMalformed) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.public_key.resize(in.public_key.size() - 1);
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
  in.public_key = cb::Map({{cb::Int(1), cb::Int(2)}});
  EXPECT_TRUE(Refused(Verify(in), kBadCoseKey));
}

// WebAuthn L2 §7.2 step 7: an algorithm taken off the allow-list since.
TEST_P(AssertionStepTest, StoredKeyAlgorithmNoLongerAllowed) {
  rp_.algorithms = {GetParam() == kEs256 ? kEdDsa : kEs256};
  EXPECT_TRUE(Refused(Verify(Signed(AssertionSpec())), kAlgorithmNotAllowed));
}

// WebAuthn L2 §7.2 step 11: a registration's client data replayed as an assertion.
TEST_P(AssertionStepTest, WrongType) {
  EXPECT_TRUE(
      Refused(Verify(Signed(AssertionSpec(), ClientDataJson("webauthn.create"))), kClientDataType));
  EXPECT_TRUE(
      Refused(Verify(Signed(AssertionSpec(), ClientDataJson("payment.get"))), kClientDataType));
}

// WebAuthn L2 §7.2 step 12: another challenge (a replayed assertion).
TEST_P(AssertionStepTest, OtherChallenge) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.expected_challenge = "bmV4dC1jaGFsbGVuZ2U";
  EXPECT_TRUE(Refused(Verify(in), kChallengeMismatch));
}

// WebAuthn L2 §7.2 step 13.
TEST_P(AssertionStepTest, OtherOrigin) {
  EXPECT_TRUE(Refused(Verify(Signed(AssertionSpec(), ClientDataJson("webauthn.get", kChallenge,
                                                                    "https://evil.test"))),
                      kOriginMismatch));
}

// WebAuthn L2 §7.2 steps 9-10: the client data must be one strict JSON object.
TEST_P(AssertionStepTest, ClientDataMalformed) {
  for (const char* json : {"", "[]", "{\"type\":\"webauthn.get\"} x", "{\"origin\":1}"}) {
    EXPECT_TRUE(Refused(Verify(Signed(AssertionSpec(), json)), kMalformedClientData)) << json;
  }
}

// WebAuthn L2 §7.2 step 15.
TEST_P(AssertionStepTest, OtherRpIdHash) {
  AuthDataSpec spec = AssertionSpec();
  spec.rp_id = "localhost.evil.example";
  EXPECT_TRUE(Refused(Verify(Signed(spec)), kRpIdHashMismatch));
}

// WebAuthn L2 §7.2 step 16.
TEST_P(AssertionStepTest, UserPresentClear) {
  AuthDataSpec spec = AssertionSpec();
  spec.flags = kFlagUv;
  EXPECT_TRUE(Refused(Verify(Signed(spec)), kUserNotPresent));
}

// WebAuthn L2 §7.2 step 17: UV required by policy but clear.
TEST_P(AssertionStepTest, UserVerificationRequiredButClear) {
  rp_.require_user_verification = true;
  AuthDataSpec spec = AssertionSpec();
  spec.flags = kFlagUp;
  EXPECT_TRUE(Refused(Verify(Signed(spec)), kUserNotVerified));
}

// WebAuthn L2 §6.1: BS without BE.
TEST_P(AssertionStepTest, BackedUpWithoutBackupEligible) {
  AuthDataSpec spec = AssertionSpec();
  spec.flags = kFlagUp | kFlagBs;
  EXPECT_TRUE(Refused(Verify(Signed(spec)), kBackupStateInvalid));
}

// WebAuthn L2 §6.1: an assertion carries no attested credential data.
TEST_P(AssertionStepTest, AttestedDataInAssertion) {
  AuthDataSpec spec;  // AT set, with a key
  spec.cose_key = key_.CoseKey();
  EXPECT_TRUE(Refused(Verify(Signed(spec)), kMalformedAuthData));
}

TEST_P(AssertionStepTest, AuthDataShortOrTrailing) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.authenticator_data.resize(36);
  EXPECT_TRUE(Refused(Verify(in), kMalformedAuthData));
  in = Assertion(key_, AuthData(AssertionSpec()) + std::string(1, '\0'),
                 ClientDataJson("webauthn.get"));
  EXPECT_TRUE(Refused(Verify(in), kMalformedAuthData));
}

TEST_P(AssertionStepTest, AuthDataTooLarge) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.authenticator_data += std::string(kMaxAuthenticatorDataBytes, '\0');
  EXPECT_TRUE(Refused(Verify(in), kInputTooLarge));
}

// WebAuthn L2 §7.2 step 20: a signature over other data.
TEST_P(AssertionStepTest, SignatureOverOtherData) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.signature = key_.Sign(in.authenticator_data + Sha256("other client data"));
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
}

// WebAuthn L2 §7.2 step 20: the counter is signed too; raising it after the fact fails.
TEST_P(AssertionStepTest, SignedDataAlteredAfterSigning) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.authenticator_data[36] = '\x09';
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
}

// WebAuthn L2 §7.2 step 20: another key of the same algorithm signed.
TEST_P(AssertionStepTest, SignatureByAnotherKey) {
  AuthenticationInput in = Signed(AssertionSpec());
  // TestKey::Generate shares one RSA key per process: make a second one here.
  const TestKey other =
      GetParam() == kRs256
          ? TestKey(kRs256,
                    EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048})))
          : TestKey::Generate(GetParam());
  in.signature = other.Sign(in.authenticator_data + Sha256(in.client_data_json));
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
}

TEST_P(AssertionStepTest, SignatureEmptyTruncatedOrTooLarge) {
  AuthenticationInput in = Signed(AssertionSpec());
  const std::string good = in.signature;
  in.signature = "";
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
  in.signature = good.substr(0, good.size() - 1);
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
  in.signature = good + '\0';
  EXPECT_TRUE(Refused(Verify(in), kBadSignature));
  in.signature = std::string(kMaxSignatureBytes + 1, '\x30');
  EXPECT_TRUE(Refused(Verify(in), kInputTooLarge));
}

TEST_P(AssertionStepTest, CredentialIdEmpty) {
  AuthenticationInput in = Signed(AssertionSpec());
  in.credential_id = "";
  EXPECT_TRUE(Refused(Verify(in), kInvalidCredentialId));
}

// WebAuthn L2 §7.2 step 21: not refused, flagged.
TEST_P(AssertionStepTest, CounterRegressionFlagged) {
  for (std::uint32_t stored : {5u, 6u}) {
    AuthDataSpec spec = AssertionSpec();
    spec.sign_count = 5;
    AuthenticationInput in = Signed(spec);
    in.stored_sign_count = stored;
    auto result = Verify(in);
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(result->counter_regressed) << stored;
    EXPECT_EQ(result->sign_count, 5u);
  }
  // An authenticator that stopped counting after it had counted.
  AuthenticationInput in = Signed(AssertionSpec());
  in.stored_sign_count = 5;
  auto result = Verify(in);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->counter_regressed);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, AssertionStepTest, ::testing::Values(kEs256, kEdDsa, kRs256));

// ES256 signatures are ASN.1 DER (WebAuthn L2 §6.5.6); the raw r||s form of
// JOSE is refused.
TEST(AssertionEs256Test, RawSignatureFormRefused) {
  const TestKey key = TestKey::Generate(kEs256);
  AuthenticationInput in =
      Assertion(key, AuthData(AssertionSpec()), ClientDataJson("webauthn.get"));
  in.signature = std::string(64, '\x11');
  EXPECT_TRUE(Refused(VerifyAuthentication(DefaultRp(), in), kBadSignature));
}

// Every prefix and every single-byte change of a valid input: accepted or
// refused as kInvalidArgument, never kInternal, never a crash (ASan in
// make test).
template <class F>
void Sweep(const std::string& valid, F&& verify) {
  for (std::size_t n = 0; n < valid.size(); ++n) {
    auto result = verify(valid.substr(0, n));
    ASSERT_FALSE(result.has_value()) << "prefix " << n;
    ASSERT_EQ(result.error().kind, ErrorKind::kInvalidArgument) << "prefix " << n;
  }
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string damaged = valid;
      damaged[i] = static_cast<char>(damaged[i] ^ mask);
      auto result = verify(damaged);
      if (!result.has_value()) {
        ASSERT_EQ(result.error().kind, ErrorKind::kInvalidArgument)
            << "byte " << i << " ^ " << int{mask} << ": " << result.error().code;
      }
    }
  }
}

TEST(SweepTest, AttestationObjects) {
  const TestKey es = TestKey::Generate(kEs256);
  const TestKey rsa = TestKey::Generate(kRs256);
  const TestKey issuer = TestKey::Generate(kEs256);
  std::vector<RegistrationInput> inputs = {
      NoneRegistration(es),
      MakeRegistration(es, "packed", testing::PackedSelf(es)),
      MakeRegistration(es, "packed",
                       testing::PackedX5c(issuer, testing::PackedCertSpec(std::string(16, '*')))),
      MakeRegistration(es, "fido-u2f", testing::FidoU2f(issuer, es)),
      MakeRegistration(es, "android-key", testing::AndroidKey(es, issuer)),
      MakeRegistration(rsa, "tpm", [&](std::string_view auth_data, std::string_view hash) {
        return testing::TpmStatement(testing::MakeTpmParts(rsa, issuer, auth_data, hash));
      })};
  for (const RegistrationInput& valid : inputs) {
    ASSERT_TRUE(VerifyRegistration(DefaultRp(), valid).has_value());
    Sweep(valid.attestation_object, [&valid](const std::string& object) {
      RegistrationInput in = valid;
      in.attestation_object = object;
      return VerifyRegistration(DefaultRp(), in);
    });
  }
}

TEST(SweepTest, AssertionsAndStoredKeys) {
  for (int alg : {kEs256, kEdDsa, kRs256}) {
    const TestKey key = TestKey::Generate(alg);
    const AuthenticationInput valid =
        Assertion(key, AuthData(AssertionSpec()), ClientDataJson("webauthn.get"));
    Sweep(valid.authenticator_data, [&valid](const std::string& auth_data) {
      AuthenticationInput in = valid;
      in.authenticator_data = auth_data;
      return VerifyAuthentication(DefaultRp(), in);
    });
    Sweep(valid.public_key, [&valid](const std::string& key_bytes) {
      AuthenticationInput in = valid;
      in.public_key = key_bytes;
      return VerifyAuthentication(DefaultRp(), in);
    });
    Sweep(valid.client_data_json, [&valid](const std::string& json) {
      AuthenticationInput in = valid;
      in.client_data_json = json;
      return VerifyAuthentication(DefaultRp(), in);
    });
  }
}

}  // namespace
}  // namespace latchkey::crypto::webauthn
