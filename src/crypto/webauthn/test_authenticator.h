// Test-only: a software authenticator for the WebAuthn tests. It makes key
// pairs with OpenSSL, writes CBOR by hand (so a test can write what libcbor
// never would: repeated keys, indefinite lengths, trailing bytes), builds
// authenticator data, clientDataJSON, attestation objects and assertions,
// and self-signed attestation certificates.
#ifndef LK_CRYPTO_WEBAUTHN_TEST_AUTHENTICATOR_H_
#define LK_CRYPTO_WEBAUTHN_TEST_AUTHENTICATOR_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/webauthn/auth_data.h"
#include "crypto/webauthn/cose_key.h"
#include "crypto/webauthn/webauthn.h"
#include "crypto/webauthn/x509.h"

namespace latchkey::crypto::webauthn::testing {

// --- CBOR, by hand (RFC 8949 §3) ---
namespace cb {
std::string Head(int major, std::uint64_t argument);
std::string Int(std::int64_t value);
std::string Bytes(std::string_view bytes);
std::string Text(std::string_view text);
std::string Array(const std::vector<std::string>& items);
// Pairs of already-encoded keys and values, in the order given.
std::string Map(const std::vector<std::pair<std::string, std::string>>& pairs);
}  // namespace cb

// A key pair of one COSE algorithm (kEs256, kEdDsa, kRs256).
class TestKey {
 public:
  // A fresh key, except RS256: one 2048-bit key per process (generation is slow).
  static TestKey Generate(int alg);
  TestKey(int alg, EvpPkeyPtr pkey) : alg_(alg), pkey_(std::move(pkey)) {}

  int alg() const { return alg_; }
  EVP_PKEY* pkey() const { return pkey_.get(); }
  // The public key as a COSE_Key map (kty, alg, crv/x/y or n/e), canonical order.
  std::string CoseKey() const;
  // EC: 0x04 || x || y (65 bytes); OKP: the 32-byte key.
  std::string RawPublic() const;
  // The signature WebAuthn expects for alg (ES256: ASN.1 DER).
  std::string Sign(std::string_view data) const;

 private:
  int alg_;
  EvpPkeyPtr pkey_;
};

inline constexpr std::string_view kRpId = "localhost";
inline constexpr std::string_view kOrigin = "http://localhost:3000";
inline constexpr std::string_view kChallenge = "dGVzdC1jaGFsbGVuZ2UtMDEyMzQ1Njc4OWFiY2RlZg";
inline constexpr std::string_view kCredentialId = "credential-id-0123456789";

RelyingParty DefaultRp();

std::string ClientDataJson(std::string_view type, std::string_view challenge = kChallenge,
                           std::string_view origin = kOrigin);

struct AuthDataSpec {
  std::string rp_id = std::string(kRpId);
  std::uint8_t flags = kFlagUp | kFlagUv;
  std::uint32_t sign_count = 0;
  bool attested = true;  // AT: aaguid, credential id and key follow
  std::string aaguid = std::string(16, '\x2a');
  std::string credential_id = std::string(kCredentialId);
  std::string cose_key;    // required when attested
  std::string extensions;  // encoded map; sets ED when non-empty
};
std::string AuthData(const AuthDataSpec& spec);

std::string AttestationObject(std::string_view fmt, std::string_view auth_data,
                              std::string_view statement_map);

// The attestation statement (an encoded CBOR map) for the authenticator
// data and client data hash of the registration being built.
using StatementFn =
    std::function<std::string(std::string_view auth_data, std::string_view client_data_hash)>;

// A registration of format `fmt` for `key`: the authenticator data from
// `spec` (with key's COSE key unless spec has one), "webauthn.create" client
// data, the statement from `statement`.
RegistrationInput MakeRegistration(const TestKey& key, std::string_view fmt,
                                   const StatementFn& statement, const AuthDataSpec& spec = {});

// A registration with `none` attestation for `key`.
RegistrationInput NoneRegistration(const TestKey& key, const AuthDataSpec& spec = {});

// An assertion signed by `key` over `auth_data` and the client data.
AuthenticationInput Assertion(const TestKey& key, std::string_view auth_data,
                              std::string_view client_data_json);
// The default assertion's authenticator data (UP|UV, count 0, no AT).
AuthDataSpec AssertionSpec();

// --- Certificates ---
struct Extension {
  std::string oid;  // dotted
  bool critical = false;
  std::string der;  // the extension's value (what the OCTET STRING holds)
};
struct CertSpec {
  // Subject attributes as (short name, value): {"C","US"}, {"O","Acme"}, ...
  std::vector<std::pair<std::string, std::string>> subject;
  std::vector<Extension> extensions;
  bool ca = false;
  long version = X509_VERSION_3;
};
// A certificate for `subject_key`, signed by `issuer_key` (self-signed when
// they are one key).
X509Ptr MakeCertificate(EVP_PKEY* subject_key, EVP_PKEY* issuer_key, const CertSpec& spec);
std::string CertificateDer(X509* cert);

// WebAuthn L2 §8.2.1 subject and an AAGUID extension equal to `aaguid`.
CertSpec PackedCertSpec(std::string_view aaguid);

// Statement builders, one per format.
StatementFn PackedSelf(const TestKey& key);
// Signed by `attestation_key`, whose certificate (from `cert`) is the x5c leaf.
StatementFn PackedX5c(const TestKey& attestation_key, const CertSpec& cert);
// U2F's registration message, signed by `attestation_key` (P-256).
StatementFn FidoU2f(const TestKey& attestation_key, const TestKey& credential_key);

// The parts of a `tpm` statement, before encoding, for tests to damage.
struct TpmParts {
  std::string pub_area, cert_info, sig;
  std::int64_t alg = kEs256;
  std::string aik_certificate;  // DER
};
// A valid statement's parts: pubArea of `credential_key` (RSA or P-256),
// certInfo certifying it, signed by `aik` (ES256 or RS256) whose certificate
// meets WebAuthn L2 §8.3.1.
TpmParts MakeTpmParts(const TestKey& credential_key, const TestKey& aik, std::string_view auth_data,
                      std::string_view client_data_hash);
std::string TpmStatement(const TpmParts& parts);
CertSpec AikCertSpec();

// An Android KeyDescription (the extension's DER) with `challenge`,
// purpose SIGN and origin GENERATED in teeEnforced; `all_applications` adds
// the forbidden [600].
std::string KeyDescription(std::string_view challenge, bool all_applications = false);
// `android-key`: the leaf certificate is `credential_key`'s, issued by
// `issuer`, carrying `key_description(client_data_hash)`.
StatementFn AndroidKey(
    const TestKey& credential_key, const TestKey& issuer,
    const std::function<std::string(std::string_view)>& key_description =
        [](std::string_view hash) { return KeyDescription(hash); });

// DER helpers for extension values.
std::string DerTlv(std::uint8_t tag, std::string_view content);
std::string DerTlvHighTag(std::uint32_t tag_number, std::string_view content);  // [n] EXPLICIT
std::string DerInt(std::uint8_t value);

}  // namespace latchkey::crypto::webauthn::testing

#endif  // LK_CRYPTO_WEBAUTHN_TEST_AUTHENTICATOR_H_
