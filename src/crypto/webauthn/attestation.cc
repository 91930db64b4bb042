// Attestation formats `none`, `packed` and `fido-u2f`, and the dispatch
// (WebAuthn L2 §8.7, §8.2, §8.6).
#include "crypto/webauthn/attestation.h"

#include <openssl/x509.h>

#include <initializer_list>
#include <string>

#include "crypto/webauthn/attestation_util.h"
#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/errors.h"
#include "crypto/webauthn/webauthn.h"
#include "crypto/webauthn/x509.h"

namespace latchkey::crypto::webauthn {
namespace {

// The text of one subject attribute, or empty.
std::string SubjectEntry(X509* cert, int nid) {
  X509_NAME* name = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0 || X509_NAME_get_index_by_NID(name, nid, index) >= 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                     static_cast<std::size_t>(ASN1_STRING_length(data)));
}

// WebAuthn L2 §8.2.1: version 3; Subject C (an ISO 3166 alpha-2 code), O,
// OU "Authenticator Attestation" and CN; not a CA; the AAGUID extension, if
// any, not critical and equal to the authenticator data's.
bool PackedCertificateOk(X509* cert, std::string_view aaguid) {
  const std::string country = SubjectEntry(cert, NID_countryName);
  const bool country_ok = country.size() == 2 && country[0] >= 'A' && country[0] <= 'Z' &&
                          country[1] >= 'A' && country[1] <= 'Z';
  return IsVersion3LeafCertificate(cert) && country_ok &&
         !SubjectEntry(cert, NID_organizationName).empty() &&
         SubjectEntry(cert, NID_organizationalUnitName) == "Authenticator Attestation" &&
         !SubjectEntry(cert, NID_commonName).empty() && AaguidExtensionMatches(cert, aaguid);
}

}  // namespace

Result<void> VerifyAttestation(std::string_view fmt, const cbor_item_t* statement,
                               const AttestationInput& in) {
  if (fmt == "none") {
    // WebAuthn L2 §8.7: the statement is the empty map.
    if (cbor_map_size(statement) != 0) return Fail(BadAttestation("none with a non-empty attStmt"));
    return {};
  }
  if (fmt == "packed") return VerifyPacked(statement, in);
  if (fmt == "fido-u2f") return VerifyFidoU2f(statement, in);
  if (fmt == "tpm") return VerifyTpm(statement, in);
  if (fmt == "android-key") return VerifyAndroidKey(statement, in);
  return Fail(MakeError(kUnsupportedAttestation, std::string(fmt.substr(0, 32))));
}

// WebAuthn L2 §8.2: {alg, sig[, x5c]}. ecdaaKeyId (WebAuthn Level 1) is an
// unknown member here, so refused.
Result<void> VerifyPacked(const cbor_item_t* statement, const AttestationInput& in) {
  if (!OnlyMembers(statement, {"alg", "sig", "x5c"})) {
    return Fail(BadAttestation("packed: unknown member"));
  }
  auto alg = cbor::Int(cbor::Find(statement, "alg"));
  auto sig = cbor::Bytes(cbor::Find(statement, "sig"));
  if (!alg || !sig) return Fail(BadAttestation("packed: alg or sig missing"));
  const std::string signed_data = std::string(in.auth_data) + std::string(in.client_data_hash);
  const cbor_item_t* x5c = cbor::Find(statement, "x5c");
  if (x5c == nullptr) {
    // Self attestation: the credential key signs, under its own algorithm.
    if (*alg != in.key.alg) return Fail(BadAttestation("packed: alg differs from the key's"));
    if (!VerifySignature(in.key.alg, in.key.pkey.get(), signed_data, *sig)) {
      return Fail(BadAttestation("packed: self-attestation signature"));
    }
    return {};
  }
  LK_ASSIGN_OR_RETURN(auto chain, ParseX5c(x5c));
  LK_ASSIGN_OR_RETURN(EvpPkeyPtr cert_key, CertificateKey(chain.front().get()));
  if (*alg != kEs256 && *alg != kEdDsa && *alg != kRs256) {
    return Fail(BadAttestation("packed: unsupported alg"));
  }
  if (!VerifySignature(static_cast<int>(*alg), cert_key.get(), signed_data, *sig)) {
    return Fail(BadAttestation("packed: x5c signature"));
  }
  if (!PackedCertificateOk(chain.front().get(), in.parsed.aaguid)) {
    return Fail(BadAttestation("packed: certificate requirements (WebAuthn L2 8.2.1)"));
  }
  return {};
}

// WebAuthn L2 §8.6: {sig, x5c} with one P-256 certificate; the credential
// key is P-256 too, and the signed message is U2F's registration message.
Result<void> VerifyFidoU2f(const cbor_item_t* statement, const AttestationInput& in) {
  if (!OnlyMembers(statement, {"sig", "x5c"})) {
    return Fail(BadAttestation("fido-u2f: unknown member"));
  }
  auto sig = cbor::Bytes(cbor::Find(statement, "sig"));
  const cbor_item_t* x5c = cbor::Find(statement, "x5c");
  if (!sig || x5c == nullptr) return Fail(BadAttestation("fido-u2f: sig or x5c missing"));
  if (!cbor_isa_array(x5c) || cbor_array_size(x5c) != 1) {
    return Fail(BadAttestation("fido-u2f: x5c must hold exactly one certificate"));
  }
  LK_ASSIGN_OR_RETURN(auto chain, ParseX5c(x5c));
  LK_ASSIGN_OR_RETURN(EvpPkeyPtr cert_key, CertificateKey(chain.front().get()));
  if (!KeyFitsAlgorithm(kEs256, cert_key.get())) {
    return Fail(BadAttestation("fido-u2f: certificate key is not P-256"));
  }
  if (in.key.alg != kEs256) return Fail(BadAttestation("fido-u2f: credential key is not P-256"));
  std::string message;
  message.push_back('\0');
  message.append(in.parsed.rp_id_hash);
  message.append(in.client_data_hash);
  message.append(in.parsed.credential_id);
  message.push_back('\x04');
  message.append(in.key.x);
  message.append(in.key.y);
  if (!VerifySignature(kEs256, cert_key.get(), message, *sig)) {
    return Fail(BadAttestation("fido-u2f: signature"));
  }
  return {};
}

}  // namespace latchkey::crypto::webauthn
