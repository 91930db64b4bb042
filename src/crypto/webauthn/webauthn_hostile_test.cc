// One test per verification step of registration (WebAuthn L2 §7.1) with a
// malformed or hostile input: each is refused with its own code, as
// kInvalidArgument (a 400), never kInternal. Assertions (WebAuthn L2 §7.2)
// are in webauthn_assertion_test.cc, attestation statements in
// webauthn_attestation_test.cc.
#include <gtest/gtest.h>

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
using testing::AttestationObject;
using testing::AuthData;
using testing::AuthDataSpec;
using testing::ClientDataJson;
using testing::DefaultRp;
using testing::kChallenge;
using testing::kOrigin;
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

class RegistrationStepTest : public ::testing::Test {
 protected:
  Result<RegisteredCredential> Verify(const RegistrationInput& in) {
    return VerifyRegistration(rp_, in);
  }
  // A none registration whose authenticator data is `auth_data`.
  RegistrationInput WithAuthData(const std::string& auth_data) {
    RegistrationInput in = NoneRegistration(key_);
    in.attestation_object = AttestationObject("none", auth_data, cb::Map({}));
    return in;
  }
  RegistrationInput WithCoseKey(const std::string& cose_key) {
    AuthDataSpec spec;
    spec.cose_key = cose_key;
    return NoneRegistration(key_, spec);
  }
  RelyingParty rp_ = DefaultRp();
  TestKey key_ = TestKey::Generate(kEs256);
};

// --- clientDataJSON: WebAuthn L2 §7.1 steps 5-10 ---

// WebAuthn L2 §7.1 steps 5-6: JSONtext is UTF-8 and parses as JSON.
TEST_F(RegistrationStepTest, ClientDataNotJson) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = "{\"type\":";
  EXPECT_TRUE(Refused(Verify(in), kMalformedClientData));
}

// WebAuthn L2 §7.1 step 5: ill-formed UTF-8 is not JSONtext.
TEST_F(RegistrationStepTest, ClientDataIllFormedUtf8) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = R"({"type":"webauthn.create","challenge":")" + std::string(kChallenge) +
                        R"(","origin":"http://localhost:3000","x":")" + "\xff\xfe" + "\"}";
  EXPECT_TRUE(Refused(Verify(in), kMalformedClientData));
}

// WebAuthn L2 §7.1 step 6: a repeated member would let two parsers disagree.
TEST_F(RegistrationStepTest, ClientDataRepeatedType) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = R"({"type":"webauthn.get","type":"webauthn.create","challenge":")" +
                        std::string(kChallenge) + R"(","origin":"http://localhost:3000"})";
  EXPECT_TRUE(Refused(Verify(in), kMalformedClientData));
}

TEST_F(RegistrationStepTest, ClientDataChallengeNotAString) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json =
      R"({"type":"webauthn.create","challenge":1,"origin":"http://localhost:3000"})";
  EXPECT_TRUE(Refused(Verify(in), kMalformedClientData));
}

TEST_F(RegistrationStepTest, ClientDataTooLarge) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = ClientDataJson("webauthn.create") + std::string(kMaxClientDataBytes, ' ');
  EXPECT_TRUE(Refused(Verify(in), kInputTooLarge));
}

// WebAuthn L2 §7.1 step 7: an assertion's client data replayed into a registration.
TEST_F(RegistrationStepTest, WrongType) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = ClientDataJson("webauthn.get");
  EXPECT_TRUE(Refused(Verify(in), kClientDataType));
}

// WebAuthn L2 §7.1 step 8: a challenge other than the one we sent (a replay).
TEST_F(RegistrationStepTest, OtherChallenge) {
  RegistrationInput in = NoneRegistration(key_);
  in.expected_challenge = "b3RoZXItY2hhbGxlbmdl";
  EXPECT_TRUE(Refused(Verify(in), kChallengeMismatch));
}

// WebAuthn L2 §7.1 step 8: no challenge on our side never matches, not even an empty one.
TEST_F(RegistrationStepTest, EmptyExpectedChallenge) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = ClientDataJson("webauthn.create", "");
  in.expected_challenge = "";
  EXPECT_TRUE(Refused(Verify(in), kChallengeMismatch));
}

// WebAuthn L2 §7.1 step 8: the text is compared, so padding is a different challenge.
TEST_F(RegistrationStepTest, PaddedChallenge) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = ClientDataJson("webauthn.create", std::string(kChallenge) + "==");
  EXPECT_TRUE(Refused(Verify(in), kChallengeMismatch));
}

// WebAuthn L2 §7.1 step 9: another site's origin.
TEST_F(RegistrationStepTest, OtherOrigin) {
  RegistrationInput in = NoneRegistration(key_);
  in.client_data_json = ClientDataJson("webauthn.create", kChallenge, "https://evil.example");
  EXPECT_TRUE(Refused(Verify(in), kOriginMismatch));
}

// WebAuthn L2 §7.1 step 9: exact match only (scheme, port, no trailing slash).
TEST_F(RegistrationStepTest, NearOrigins) {
  for (const char* origin : {"https://localhost:3000", "http://localhost:3001", "http://localhost",
                             "http://localhost:3000/", "HTTP://LOCALHOST:3000"}) {
    RegistrationInput in = NoneRegistration(key_);
    in.client_data_json = ClientDataJson("webauthn.create", kChallenge, origin);
    EXPECT_TRUE(Refused(Verify(in), kOriginMismatch)) << origin;
  }
}

// --- the attestation object: WebAuthn L2 §7.1 step 12 ---

TEST_F(RegistrationStepTest, TruncatedCbor) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object.resize(in.attestation_object.size() - 1);
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

TEST_F(RegistrationStepTest, OversizedCbor) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object = AttestationObject(
      "none", AuthData({}) + std::string(kMaxAttestationObjectBytes, '\0'), cb::Map({}));
  EXPECT_TRUE(Refused(Verify(in), kInputTooLarge));
}

// A length that claims more than the input holds is refused before libcbor
// allocates for it.
TEST_F(RegistrationStepTest, CborLengthBeyondInput) {
  RegistrationInput in = NoneRegistration(key_);
  for (const std::string& bytes : {std::string("\x9a\xff\xff\xff\xff", 5),
                                   std::string("\xbb\x00\x00\x00\x01\x00\x00\x00\x00", 9),
                                   std::string("\x5a\x7f\xff\xff\xff", 5)}) {
    in.attestation_object = bytes;
    EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
  }
}

TEST_F(RegistrationStepTest, DuplicateMapKeys) {
  RegistrationInput in = NoneRegistration(key_);
  const std::string auth_data = AuthData({.cose_key = key_.CoseKey()});
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Map({})},
                                   {cb::Text("authData"), cb::Bytes(auth_data)},
                                   {cb::Text("fmt"), cb::Text("packed")}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

// The same key in a non-minimal encoding is still the same key.
TEST_F(RegistrationStepTest, DuplicateIntegerKeysInOtherEncodings) {
  std::string cose = key_.CoseKey();
  // Append alg again as 0x18 0x03 (key 3 in the one-byte form): a 6th pair.
  cose[0] = static_cast<char>(0xa6);
  cose += std::string("\x18\x03", 2) + cb::Int(kEs256);
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cose)), kMalformedCbor));
}

TEST_F(RegistrationStepTest, TrailingBytes) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object += '\0';
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

// Indefinite lengths are refused consistently (CTAP2 canonical CBOR has none).
TEST_F(RegistrationStepTest, IndefiniteLengthMap) {
  RegistrationInput in = NoneRegistration(key_);
  std::string object = in.attestation_object;
  object[0] = static_cast<char>(0xbf);  // map, indefinite
  object += '\xff';
  in.attestation_object = object;
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

TEST_F(RegistrationStepTest, IndefiniteLengthByteString) {
  RegistrationInput in = NoneRegistration(key_);
  const std::string auth_data = AuthData({.cose_key = key_.CoseKey()});
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Map({})},
                                   {cb::Text("authData"), "\x5f" + cb::Bytes(auth_data) + "\xff"}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

TEST_F(RegistrationStepTest, NestingTooDeep) {
  RegistrationInput in = NoneRegistration(key_);
  std::string deep = cb::Int(0);
  for (int i = 0; i < 40; ++i) deep = cb::Array({deep});
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Map({{cb::Text("x"), deep}})},
                                   {cb::Text("authData"), cb::Bytes(AuthData({}))}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

TEST_F(RegistrationStepTest, TagsAndReservedValuesAreRefused) {
  RegistrationInput in = NoneRegistration(key_);
  for (const std::string& bytes : {std::string("\xc0\x60", 2), std::string("\xf8\x10", 2),
                                   std::string("\x1c", 1), std::string("\xff", 1)}) {
    in.attestation_object = bytes;
    EXPECT_TRUE(Refused(Verify(in), kMalformedCbor)) << testing::cb::Head(0, bytes.size());
  }
}

TEST_F(RegistrationStepTest, MapKeyOfAnotherType) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object = cb::Map({{cb::Array({}), cb::Int(1)}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

TEST_F(RegistrationStepTest, AttestationObjectNotAMap) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object = cb::Array({cb::Text("none")});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
}

TEST_F(RegistrationStepTest, AttestationObjectMissingOrExtraMember) {
  RegistrationInput in = NoneRegistration(key_);
  const std::string auth_data = cb::Bytes(AuthData({.cose_key = key_.CoseKey()}));
  in.attestation_object =
      cb::Map({{cb::Text("fmt"), cb::Text("none")}, {cb::Text("authData"), auth_data}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Map({})},
                                   {cb::Text("authData"), auth_data},
                                   {cb::Text("extra"), cb::Int(0)}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
}

TEST_F(RegistrationStepTest, AttestationObjectMembersOfTheWrongType) {
  RegistrationInput in = NoneRegistration(key_);
  const std::string auth_data = AuthData({.cose_key = key_.CoseKey()});
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Bytes("none")},
                                   {cb::Text("attStmt"), cb::Map({})},
                                   {cb::Text("authData"), cb::Bytes(auth_data)}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Array({})},
                                   {cb::Text("authData"), cb::Bytes(auth_data)}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
  in.attestation_object = cb::Map({{cb::Text("fmt"), cb::Text("none")},
                                   {cb::Text("attStmt"), cb::Map({})},
                                   {cb::Text("authData"), cb::Text("authenticator data")}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedAttestationObject));
}

// A text string that is not UTF-8 is not valid CBOR (RFC 8949 §3.1, libcbor checks).
TEST_F(RegistrationStepTest, TextStringNotUtf8) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object =
      cb::Map({{cb::Text("fmt"), cb::Text("\xffnone")},
               {cb::Text("attStmt"), cb::Map({})},
               {cb::Text("authData"), cb::Bytes(AuthData({.cose_key = key_.CoseKey()}))}});
  EXPECT_TRUE(Refused(Verify(in), kMalformedCbor));
}

// --- authenticator data (WebAuthn L2 §6.1, §6.5.1), decoded at step 12 ---

TEST_F(RegistrationStepTest, AuthDataShorterThan37Bytes) {
  EXPECT_TRUE(Refused(Verify(WithAuthData(std::string(36, '\x45'))), kMalformedAuthData));
}

// A registration must carry attested credential data.
TEST_F(RegistrationStepTest, AttestedCredentialDataFlagClear) {
  AuthDataSpec spec{.attested = false};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec))), kMalformedAuthData));
}

TEST_F(RegistrationStepTest, CredentialIdLengthBeyondData) {
  std::string auth_data = AuthData({.cose_key = key_.CoseKey()});
  auth_data[53] = '\x7f';  // credentialIdLength high byte
  EXPECT_TRUE(Refused(Verify(WithAuthData(auth_data)), kMalformedAuthData));
}

TEST_F(RegistrationStepTest, CredentialIdLengthOver1023) {
  AuthDataSpec spec{.credential_id = std::string(1024, 'i'), .cose_key = key_.CoseKey()};
  RegistrationInput in = WithAuthData(AuthData(spec));
  in.credential_id = spec.credential_id.substr(0, 1000);
  EXPECT_TRUE(Refused(Verify(in), kMalformedAuthData));
}

TEST_F(RegistrationStepTest, CredentialIdLengthZero) {
  AuthDataSpec spec{.credential_id = "", .cose_key = key_.CoseKey()};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec))), kMalformedAuthData));
}

TEST_F(RegistrationStepTest, TruncatedCoseKey) {
  std::string auth_data = AuthData({.cose_key = key_.CoseKey()});
  auth_data.resize(auth_data.size() - 3);
  EXPECT_TRUE(Refused(Verify(WithAuthData(auth_data)), kMalformedCbor));
}

TEST_F(RegistrationStepTest, TrailingBytesAfterCoseKey) {
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData({.cose_key = key_.CoseKey()}) + "x")),
                      kMalformedAuthData));
}

// ED set: the extensions must be one CBOR map, and nothing after it.
TEST_F(RegistrationStepTest, ExtensionsNotAMap) {
  AuthDataSpec spec{.cose_key = key_.CoseKey(), .extensions = cb::Array({})};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec))), kMalformedAuthData));
}

TEST_F(RegistrationStepTest, ExtensionsWithRepeatedKey) {
  AuthDataSpec spec{
      .cose_key = key_.CoseKey(),
      .extensions = cb::Map({{cb::Text("a"), cb::Int(1)}, {cb::Text("a"), cb::Int(2)}})};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec))), kMalformedCbor));
}

TEST_F(RegistrationStepTest, ExtensionsFollowedByBytes) {
  AuthDataSpec spec{.cose_key = key_.CoseKey(), .extensions = cb::Map({})};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec) + "\x01")), kMalformedAuthData));
}

// ED clear but an extensions map present: bytes the flags do not announce.
TEST_F(RegistrationStepTest, ExtensionsWithoutEdFlag) {
  std::string auth_data = AuthData({.cose_key = key_.CoseKey()}) + cb::Map({});
  EXPECT_TRUE(Refused(Verify(WithAuthData(auth_data)), kMalformedAuthData));
}

// WebAuthn L2 §7.1 step 13: authenticator data made for another RP ID.
TEST_F(RegistrationStepTest, OtherRpIdHash) {
  EXPECT_TRUE(
      Refused(Verify(NoneRegistration(key_, {.rp_id = "evil.example"})), kRpIdHashMismatch));
}

// WebAuthn L2 §7.1 step 14.
TEST_F(RegistrationStepTest, UserPresentClear) {
  EXPECT_TRUE(Refused(Verify(NoneRegistration(key_, {.flags = kFlagUv})), kUserNotPresent));
}

// WebAuthn L2 §7.1 step 15: UV required by policy but clear.
TEST_F(RegistrationStepTest, UserVerificationRequiredButClear) {
  rp_.require_user_verification = true;
  EXPECT_TRUE(Refused(Verify(NoneRegistration(key_, {.flags = kFlagUp})), kUserNotVerified));
  rp_.require_user_verification = false;
  EXPECT_TRUE(Verify(NoneRegistration(key_, {.flags = kFlagUp})).has_value());
}

// WebAuthn L2 §6.1: BS (backed up) is only meaningful with BE (eligible).
TEST_F(RegistrationStepTest, BackedUpWithoutBackupEligible) {
  EXPECT_TRUE(
      Refused(Verify(NoneRegistration(key_, {.flags = kFlagUp | kFlagBs})), kBackupStateInvalid));
}

// The rawId the client posted is not the authenticator's credential id.
TEST_F(RegistrationStepTest, CredentialIdMismatch) {
  RegistrationInput in = NoneRegistration(key_);
  in.credential_id = "another-credential-id";
  EXPECT_TRUE(Refused(Verify(in), kCredentialIdMismatch));
}

TEST_F(RegistrationStepTest, CredentialIdEmptyOrTooLong) {
  RegistrationInput in = NoneRegistration(key_);
  in.credential_id = "";
  EXPECT_TRUE(Refused(Verify(in), kInvalidCredentialId));
  in.credential_id = std::string(1024, 'i');
  EXPECT_TRUE(Refused(Verify(in), kInvalidCredentialId));
}

// --- the credential public key: WebAuthn L2 §7.1 step 16 and RFC 9053 ---

// WebAuthn L2 §7.1 step 16: an algorithm the options did not offer.
TEST_F(RegistrationStepTest, AlgorithmNotInAllowList) {
  rp_.algorithms = {kEdDsa, kRs256};
  EXPECT_TRUE(Refused(Verify(NoneRegistration(key_)), kAlgorithmNotAllowed));
}

// An algorithm we do not implement at all (ES384, -35).
TEST_F(RegistrationStepTest, UnknownAlgorithm) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cb::Map({{cb::Int(1), cb::Int(2)},
                                                  {cb::Int(3), cb::Int(-35)},
                                                  {cb::Int(-1), cb::Int(2)},
                                                  {cb::Int(-2), cb::Bytes(point.substr(1, 32))},
                                                  {cb::Int(-3), cb::Bytes(point.substr(33))}}))),
                      kUnsupportedAlgorithm));
}

std::string Ec2Key(std::int64_t kty, std::int64_t alg, std::int64_t crv, const std::string& x,
                   const std::string& y) {
  return cb::Map({{cb::Int(1), cb::Int(kty)},
                  {cb::Int(3), cb::Int(alg)},
                  {cb::Int(-1), cb::Int(crv)},
                  {cb::Int(-2), cb::Bytes(x)},
                  {cb::Int(-3), cb::Bytes(y)}});
}

// RFC 9053 §7.1: ES256 is P-256 (crv 1); P-384's identifier with P-256 coordinates is refused.
TEST_F(RegistrationStepTest, CoseKeyWrongCurve) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(2, kEs256, 2, point.substr(1, 32), point.substr(33)))),
              kBadCoseKey));
}

TEST_F(RegistrationStepTest, CoseKeyOffCurvePoint) {
  const std::string point = key_.RawPublic();
  std::string y = point.substr(33);
  y[31] = static_cast<char>(y[31] ^ 1);
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(2, kEs256, 1, point.substr(1, 32), y))), kBadCoseKey));
}

TEST_F(RegistrationStepTest, CoseKeyCoordinateOfWrongSize) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(2, kEs256, 1, point.substr(2, 31), point.substr(33)))),
              kBadCoseKey));
}

// RFC 9053 §7.1: a compressed point (y as a bool) is not what WebAuthn sends.
TEST_F(RegistrationStepTest, CoseKeyCompressedPoint) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cb::Map({{cb::Int(1), cb::Int(2)},
                                                  {cb::Int(3), cb::Int(kEs256)},
                                                  {cb::Int(-1), cb::Int(1)},
                                                  {cb::Int(-2), cb::Bytes(point.substr(1, 32))},
                                                  {cb::Int(-3), "\xf5"}}))),
                      kBadCoseKey));
}

// kty OKP (1) with ES256, and kty EC2 with EdDSA: kty and alg must pair.
TEST_F(RegistrationStepTest, CoseKeyKtyAlgMismatch) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(1, kEs256, 1, point.substr(1, 32), point.substr(33)))),
              kBadCoseKey));
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(2, kEdDsa, 1, point.substr(1, 32), point.substr(33)))),
              kBadCoseKey));
  EXPECT_TRUE(
      Refused(Verify(WithCoseKey(Ec2Key(3, kEs256, 1, point.substr(1, 32), point.substr(33)))),
              kBadCoseKey));
}

TEST_F(RegistrationStepTest, CoseKeyMissingAlgOrKty) {
  const std::string point = key_.RawPublic();
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cb::Map({{cb::Int(1), cb::Int(2)},
                                                  {cb::Int(-1), cb::Int(1)},
                                                  {cb::Int(-2), cb::Bytes(point.substr(1, 32))},
                                                  {cb::Int(-3), cb::Bytes(point.substr(33))}}))),
                      kBadCoseKey));
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cb::Map({{cb::Int(3), cb::Int(kEs256)},
                                                  {cb::Int(-1), cb::Int(1)},
                                                  {cb::Int(-2), cb::Bytes(point.substr(1, 32))},
                                                  {cb::Int(-3), cb::Bytes(point.substr(33))}}))),
                      kBadCoseKey));
}

// A private member (d, -4) must never be accepted, nor a label we do not know.
TEST_F(RegistrationStepTest, CoseKeyPrivateOrUnknownMember) {
  std::string cose = key_.CoseKey();
  cose[0] = static_cast<char>(0xa6);
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cose + cb::Int(-4) + cb::Bytes(std::string(32, 'd')))),
                      kBadCoseKey));
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cose + cb::Int(-70000) + cb::Int(0))), kBadCoseKey));
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cose + cb::Text("x") + cb::Int(0))), kBadCoseKey));
}

TEST_F(RegistrationStepTest, CoseKeyNotAMap) {
  EXPECT_TRUE(Refused(Verify(WithCoseKey(cb::Array({cb::Int(1)}))), kBadCoseKey));
}

// OKP must be Ed25519 (crv 6), 32 bytes, a valid point not of small order.
TEST_F(RegistrationStepTest, CoseKeyBadEd25519) {
  auto okp = [](std::int64_t crv, const std::string& x) {
    return cb::Map({{cb::Int(1), cb::Int(1)},
                    {cb::Int(3), cb::Int(kEdDsa)},
                    {cb::Int(-1), cb::Int(crv)},
                    {cb::Int(-2), cb::Bytes(x)}});
  };
  const TestKey ed = TestKey::Generate(kEdDsa);
  EXPECT_TRUE(Refused(Verify(WithCoseKey(okp(7, ed.RawPublic()))), kBadCoseKey));  // Ed448's crv
  EXPECT_TRUE(Refused(Verify(WithCoseKey(okp(6, ed.RawPublic().substr(1)))), kBadCoseKey));
  std::string identity(32, '\0');
  identity[0] = 1;  // the neutral element, of order 1
  EXPECT_TRUE(Refused(Verify(WithCoseKey(okp(6, identity))), kBadCoseKey));
}

// RFC 8230 §4 keys below 2048 bits, or with an even exponent, are refused.
TEST_F(RegistrationStepTest, CoseKeyWeakRsa) {
  auto rsa = [](const std::string& n, const std::string& e) {
    return cb::Map({{cb::Int(1), cb::Int(3)},
                    {cb::Int(3), cb::Int(kRs256)},
                    {cb::Int(-1), cb::Bytes(n)},
                    {cb::Int(-2), cb::Bytes(e)}});
  };
  std::string n1024(128, '\xc5');
  EXPECT_TRUE(Refused(Verify(WithCoseKey(rsa(n1024, "\x01\x00\x01"))), kBadCoseKey));
  std::string n2048(256, '\xc5');
  EXPECT_TRUE(Refused(Verify(WithCoseKey(rsa(n2048, "\x01\x00\x02"))), kBadCoseKey));
  EXPECT_TRUE(Refused(Verify(WithCoseKey(rsa(n2048, std::string(1, '\x01')))), kBadCoseKey));
  std::string even = n2048;
  even.back() = '\xc4';
  EXPECT_TRUE(Refused(Verify(WithCoseKey(rsa(even, "\x01\x00\x01"))), kBadCoseKey));
}

TEST_F(RegistrationStepTest, CoseKeyTooLarge) {
  AuthDataSpec spec{.cose_key = cb::Map({{cb::Int(1), cb::Int(3)},
                                         {cb::Int(3), cb::Int(kRs256)},
                                         {cb::Int(-1), cb::Bytes(std::string(5000, '\xc5'))},
                                         {cb::Int(-2), cb::Bytes("\x01\x00\x01")}})};
  EXPECT_TRUE(Refused(Verify(WithAuthData(AuthData(spec))), kInputTooLarge));
}

// --- attestation: WebAuthn L2 §7.1 steps 18-19 ---

// WebAuthn L2 §7.1 step 18: formats match case-sensitively; unknown ones are refused.
TEST_F(RegistrationStepTest, UnknownAttestationFormat) {
  for (const char* fmt : {"Packed", "apple", "android-safetynet", ""}) {
    RegistrationInput in = NoneRegistration(key_);
    in.attestation_object =
        AttestationObject(fmt, AuthData({.cose_key = key_.CoseKey()}), cb::Map({}));
    EXPECT_TRUE(Refused(Verify(in), kUnsupportedAttestation)) << fmt;
  }
}

// WebAuthn L2 §8.7: `none` carries the empty map.
TEST_F(RegistrationStepTest, NoneWithNonEmptyStatement) {
  RegistrationInput in = NoneRegistration(key_);
  in.attestation_object = AttestationObject("none", AuthData({.cose_key = key_.CoseKey()}),
                                            cb::Map({{cb::Text("sig"), cb::Bytes("x")}}));
  EXPECT_TRUE(Refused(Verify(in), kBadAttestation));
}

}  // namespace
}  // namespace latchkey::crypto::webauthn
