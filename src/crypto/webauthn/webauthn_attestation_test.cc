// Hostile attestation statements (WebAuthn L2 §7.1 step 19, §8): each
// format's statement damaged one way at a time is refused as
// WEBAUTHN_BAD_ATTESTATION.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "crypto/hash.h"
#include "crypto/webauthn/errors.h"
#include "crypto/webauthn/test_authenticator.h"
#include "crypto/webauthn/webauthn.h"

namespace latchkey::crypto::webauthn {
namespace {

namespace cb = testing::cb;
using testing::CertificateDer;
using testing::CertSpec;
using testing::DefaultRp;
using testing::MakeCertificate;
using testing::MakeRegistration;
using testing::PackedCertSpec;
using testing::TestKey;
using testing::TpmParts;

const std::string kAaguid(16, '\x2a');

::testing::AssertionResult RefusedAs(const RegistrationInput& in, const ErrorInfo& info) {
  auto result = VerifyRegistration(DefaultRp(), in);
  if (result.has_value()) return ::testing::AssertionFailure() << "accepted";
  if (result.error().code != info.code) {
    return ::testing::AssertionFailure()
           << "refused with " << result.error().code << " (" << result.error().detail << ")";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult BadAttestation(const RegistrationInput& in) {
  return RefusedAs(in, kBadAttestation);
}

class AttestationTest : public ::testing::Test {
 protected:
  // A packed statement with an x5c leaf for `spec`, signed as `alg` says.
  RegistrationInput PackedX5c(const CertSpec& spec, std::int64_t alg = kEs256) {
    return MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view hash) {
      X509Ptr cert = MakeCertificate(attestation_.pkey(), attestation_.pkey(), spec);
      return cb::Map({{cb::Text("alg"), cb::Int(alg)},
                      {cb::Text("sig"),
                       cb::Bytes(attestation_.Sign(std::string(auth_data) + std::string(hash)))},
                      {cb::Text("x5c"), cb::Array({cb::Bytes(CertificateDer(cert.get()))})}});
    });
  }
  RegistrationInput Tpm(const std::function<void(TpmParts&)>& damage,
                        const TestKey* key = nullptr) {
    const TestKey& credential = key != nullptr ? *key : rsa_;
    return MakeRegistration(
        credential, "tpm", [&](std::string_view auth_data, std::string_view hash) {
          TpmParts parts = testing::MakeTpmParts(credential, attestation_, auth_data, hash);
          damage(parts);
          return testing::TpmStatement(parts);
        });
  }
  void Resign(TpmParts& parts) { parts.sig = attestation_.Sign(parts.cert_info); }

  TestKey key_ = TestKey::Generate(kEs256);
  TestKey attestation_ = TestKey::Generate(kEs256);
  TestKey rsa_ = TestKey::Generate(kRs256);
};

// --- packed (WebAuthn L2 §8.2) ---

TEST_F(AttestationTest, PackedSelfSignatureOverOtherData) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view) {
        return cb::Map({{cb::Text("alg"), cb::Int(kEs256)},
                        {cb::Text("sig"), cb::Bytes(key_.Sign(std::string(auth_data) + "other"))}});
      })));
}

// Self attestation: alg must be the credential key's.
TEST_F(AttestationTest, PackedSelfAlgOtherThanTheKeys) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view hash) {
        return cb::Map(
            {{cb::Text("alg"), cb::Int(kRs256)},
             {cb::Text("sig"), cb::Bytes(key_.Sign(std::string(auth_data) + std::string(hash)))}});
      })));
}

// ECDAA (WebAuthn Level 1) is not supported: ecdaaKeyId is refused.
TEST_F(AttestationTest, PackedEcdaaKeyIdRefused) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view hash) {
        return cb::Map(
            {{cb::Text("alg"), cb::Int(kEs256)},
             {cb::Text("sig"), cb::Bytes(key_.Sign(std::string(auth_data) + std::string(hash)))},
             {cb::Text("ecdaaKeyId"), cb::Bytes("id")}});
      })));
}

TEST_F(AttestationTest, PackedMissingSig) {
  EXPECT_TRUE(
      BadAttestation(MakeRegistration(key_, "packed", [](std::string_view, std::string_view) {
        return cb::Map({{cb::Text("alg"), cb::Int(kEs256)}});
      })));
}

// WebAuthn L2 §8.2.1: the Subject's OU must be "Authenticator Attestation".
TEST_F(AttestationTest, PackedCertificateWrongOu) {
  CertSpec spec = PackedCertSpec(kAaguid);
  spec.subject[2].second = "Something Else";
  EXPECT_TRUE(BadAttestation(PackedX5c(spec)));
}

// WebAuthn L2 §8.2.1: C is an ISO 3166 alpha-2 code.
TEST_F(AttestationTest, PackedCertificateBadCountry) {
  CertSpec spec = PackedCertSpec(kAaguid);
  spec.subject.erase(spec.subject.begin());
  EXPECT_TRUE(BadAttestation(PackedX5c(spec)));
}

// WebAuthn L2 §8.2.1: not a CA.
TEST_F(AttestationTest, PackedCertificateIsCa) {
  CertSpec spec = PackedCertSpec(kAaguid);
  spec.ca = true;
  EXPECT_TRUE(BadAttestation(PackedX5c(spec)));
}

// WebAuthn L2 §8.2.1: version 3.
TEST_F(AttestationTest, PackedCertificateVersion1) {
  CertSpec spec = PackedCertSpec(kAaguid);
  spec.extensions.clear();
  spec.version = X509_VERSION_1;
  EXPECT_TRUE(BadAttestation(PackedX5c(spec)));
}

// WebAuthn L2 §8.2.1: the AAGUID extension matches authData and is not critical.
TEST_F(AttestationTest, PackedCertificateAaguidMismatchOrCritical) {
  EXPECT_TRUE(BadAttestation(PackedX5c(PackedCertSpec(std::string(16, '\x01')))));
  CertSpec critical = PackedCertSpec(kAaguid);
  critical.extensions[0].critical = true;
  EXPECT_TRUE(BadAttestation(PackedX5c(critical)));
}

// The signature's alg must fit the certificate's key (an EC key cannot sign RS256).
TEST_F(AttestationTest, PackedAlgDoesNotFitCertificateKey) {
  EXPECT_TRUE(BadAttestation(PackedX5c(PackedCertSpec(kAaguid), kRs256)));
  EXPECT_TRUE(BadAttestation(PackedX5c(PackedCertSpec(kAaguid), -35)));
}

TEST_F(AttestationTest, PackedX5cNotCertificates) {
  for (const std::string& x5c :
       {cb::Array({}), cb::Array({cb::Bytes("not a certificate")}), cb::Bytes("x"),
        cb::Array({cb::Text("MIIB")}), cb::Array(std::vector<std::string>(9, cb::Bytes("x")))}) {
    EXPECT_TRUE(BadAttestation(
        MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view hash) {
          return cb::Map(
              {{cb::Text("alg"), cb::Int(kEs256)},
               {cb::Text("sig"), cb::Bytes(key_.Sign(std::string(auth_data) + std::string(hash)))},
               {cb::Text("x5c"), x5c}});
        })));
  }
}

TEST_F(AttestationTest, PackedCertificateWithTrailingBytes) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "packed", [&](std::string_view auth_data, std::string_view hash) {
        X509Ptr cert =
            MakeCertificate(attestation_.pkey(), attestation_.pkey(), PackedCertSpec(kAaguid));
        return cb::Map(
            {{cb::Text("alg"), cb::Int(kEs256)},
             {cb::Text("sig"),
              cb::Bytes(attestation_.Sign(std::string(auth_data) + std::string(hash)))},
             {cb::Text("x5c"), cb::Array({cb::Bytes(CertificateDer(cert.get()) + "x")})}});
      })));
}

// --- fido-u2f (WebAuthn L2 §8.6) ---

TEST_F(AttestationTest, FidoU2fTwoCertificates) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "fido-u2f", [&](std::string_view auth_data, std::string_view hash) {
        X509Ptr cert = MakeCertificate(attestation_.pkey(), attestation_.pkey(), CertSpec{});
        const std::string der = cb::Bytes(CertificateDer(cert.get()));
        return cb::Map(
            {{cb::Text("sig"), cb::Bytes("sig")}, {cb::Text("x5c"), cb::Array({der, der})}});
      })));
}

// The attestation certificate's key must be P-256.
TEST_F(AttestationTest, FidoU2fRsaCertificate) {
  EXPECT_TRUE(BadAttestation(MakeRegistration(key_, "fido-u2f", testing::FidoU2f(rsa_, key_))));
}

// The credential key must be P-256 too.
TEST_F(AttestationTest, FidoU2fEd25519Credential) {
  const TestKey ed = TestKey::Generate(kEdDsa);
  EXPECT_TRUE(
      BadAttestation(MakeRegistration(ed, "fido-u2f", testing::FidoU2f(attestation_, key_))));
}

// The signature must cover U2F's message for this credential.
TEST_F(AttestationTest, FidoU2fSignatureForAnotherKey) {
  const TestKey other = TestKey::Generate(kEs256);
  EXPECT_TRUE(
      BadAttestation(MakeRegistration(key_, "fido-u2f", testing::FidoU2f(attestation_, other))));
}

TEST_F(AttestationTest, FidoU2fUnknownMember) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "fido-u2f", [&](std::string_view auth_data, std::string_view hash) {
        return cb::Map({{cb::Text("alg"), cb::Int(kEs256)}, {cb::Text("sig"), cb::Bytes("s")}});
      })));
}

// --- tpm (WebAuthn L2 §8.3) ---

TEST_F(AttestationTest, TpmValid) {
  EXPECT_TRUE(VerifyRegistration(DefaultRp(), Tpm([](TpmParts&) {})).has_value());
}

TEST_F(AttestationTest, TpmCertInfoWrongMagic) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.cert_info[0] = '\x00';
    Resign(p);
  })));
}

TEST_F(AttestationTest, TpmCertInfoWrongType) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.cert_info[5] = '\x18';  // TPM_ST_ATTEST_QUOTE
    Resign(p);
  })));
}

// extraData must be the hash of authData || clientDataHash.
TEST_F(AttestationTest, TpmExtraDataOfOtherData) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    // magic (4), type (2), qualifiedSigner (2 + 6), extraData size (2), digest
    p.cert_info[16] = static_cast<char>(p.cert_info[16] ^ 1);
    Resign(p);
  })));
}

TEST_F(AttestationTest, TpmCertInfoTrailingOrTruncated) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.cert_info += "x";
    Resign(p);
  })));
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.cert_info.resize(p.cert_info.size() - 1);
    Resign(p);
  })));
}

// pubArea must be the credential key; its Name must be what certInfo certifies.
TEST_F(AttestationTest, TpmPubAreaOfAnotherKey) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.pub_area[p.pub_area.size() - 1] = static_cast<char>(p.pub_area.back() ^ 2);
  })));
}

TEST_F(AttestationTest, TpmAttestedNameWrong) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.cert_info[p.cert_info.size() - 12] =
        static_cast<char>(p.cert_info[p.cert_info.size() - 12] ^ 1);
    Resign(p);
  })));
}

TEST_F(AttestationTest, TpmPubAreaTrailingBytes) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) { p.pub_area += "x"; })));
}

TEST_F(AttestationTest, TpmSignatureOverOtherData) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) { p.sig = attestation_.Sign("other"); })));
}

TEST_F(AttestationTest, TpmVersionOtherThan20) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(rsa_, "tpm", [&](std::string_view auth_data, std::string_view hash) {
        std::string statement =
            testing::TpmStatement(testing::MakeTpmParts(rsa_, attestation_, auth_data, hash));
        const std::string ver = cb::Text("2.0");
        statement.replace(statement.find(ver), ver.size(), cb::Text("1.2"));
        return statement;
      })));
}

// WebAuthn L2 §8.3.1: the AIK certificate's Subject is empty and its EKU
// names tcg-kp-AIKCertificate.
TEST_F(AttestationTest, TpmAikCertificateRequirements) {
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    CertSpec spec = testing::AikCertSpec();
    spec.subject = {{"CN", "not empty"}};
    p.aik_certificate =
        CertificateDer(MakeCertificate(attestation_.pkey(), attestation_.pkey(), spec).get());
  })));
  EXPECT_TRUE(BadAttestation(Tpm([&](TpmParts& p) {
    p.aik_certificate =
        CertificateDer(MakeCertificate(attestation_.pkey(), attestation_.pkey(), CertSpec{}).get());
  })));
}

// A P-256 credential key against an RSA pubArea (and the reverse).
TEST_F(AttestationTest, TpmKeyTypeMismatch) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "tpm", [&](std::string_view auth_data, std::string_view hash) {
        return testing::TpmStatement(testing::MakeTpmParts(rsa_, attestation_, auth_data, hash));
      })));
}

// --- android-key (WebAuthn L2 §8.4) ---

TEST_F(AttestationTest, AndroidKeyChallengeIsNotClientDataHash) {
  EXPECT_TRUE(BadAttestation(MakeRegistration(
      key_, "android-key", testing::AndroidKey(key_, attestation_, [](std::string_view) {
        return testing::KeyDescription(std::string(32, '\x07'));
      }))));
}

TEST_F(AttestationTest, AndroidKeyAllApplications) {
  EXPECT_TRUE(BadAttestation(MakeRegistration(
      key_, "android-key", testing::AndroidKey(key_, attestation_, [](std::string_view hash) {
        return testing::KeyDescription(hash, /*all_applications=*/true);
      }))));
}

TEST_F(AttestationTest, AndroidKeyDescriptionMalformed) {
  EXPECT_TRUE(BadAttestation(MakeRegistration(
      key_, "android-key", testing::AndroidKey(key_, attestation_, [](std::string_view hash) {
        std::string der = testing::KeyDescription(hash);
        return der.substr(0, der.size() - 1);
      }))));
}

// The leaf certificate must certify the credential key itself.
TEST_F(AttestationTest, AndroidKeyCertificateForAnotherKey) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "android-key", [&](std::string_view auth_data, std::string_view hash) {
        std::string statement = testing::AndroidKey(attestation_, attestation_)(auth_data, hash);
        return statement;
      })));
}

TEST_F(AttestationTest, AndroidKeySignatureOverOtherData) {
  EXPECT_TRUE(BadAttestation(
      MakeRegistration(key_, "android-key", [&](std::string_view auth_data, std::string_view hash) {
        return testing::AndroidKey(key_, attestation_)(std::string(auth_data) + "x", hash);
      })));
}

}  // namespace
}  // namespace latchkey::crypto::webauthn
