// Attestation format `tpm` (WebAuthn L2 §8.3): the TPM's TPMS_ATTEST
// (certInfo) certifies the credential key's TPMT_PUBLIC (pubArea), signed by
// the attestation identity key in x5c (TPM 2.0 Library Part 2, 10.12 and
// 12.2). What is checked without trust anchors: the structures' form, that
// pubArea is the credential key, extraData = hash(authData || clientDataHash),
// attested.name = pubArea's Name, the signature, and the AIK certificate
// requirements of WebAuthn L2 §8.3.1 except the TPM manufacturer fields of
// its Subject Alternative Name (not parsed).
#include <openssl/x509v3.h>

#include <string>

#include "crypto/hash.h"
#include "crypto/webauthn/attestation.h"
#include "crypto/webauthn/attestation_util.h"
#include "crypto/webauthn/webauthn.h"
#include "crypto/webauthn/x509.h"

namespace latchkey::crypto::webauthn {
namespace {

// TPM 2.0 constants (Part 2, 6.3 TPM_ALG_ID, 6.4 TPM_ECC_CURVE, 6.2, 6.9).
constexpr std::uint16_t kAlgRsa = 0x0001, kAlgSha1 = 0x0004, kAlgSha256 = 0x000B,
                        kAlgSha384 = 0x000C, kAlgSha512 = 0x000D, kAlgNull = 0x0010,
                        kAlgEcc = 0x0023;
constexpr std::uint16_t kEccNistP256 = 0x0003;
constexpr std::uint32_t kTpmGeneratedValue = 0xff544347;
constexpr std::uint16_t kStAttestCertify = 0x8017;
constexpr std::size_t kClockInfoBytes = 17, kFirmwareVersionBytes = 8;

// Big-endian fields off the front of a TPM structure.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool U16(std::uint16_t& out) { return Number(2, out); }
  bool U32(std::uint32_t& out) { return Number(4, out); }
  bool Skip(std::size_t n) {
    std::string_view ignored;
    return Take(n, ignored);
  }
  bool Take(std::size_t n, std::string_view& out) {
    if (rest_.size() < n) return false;
    out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  // A TPM2B_*: a 16-bit size, then that many bytes.
  bool Sized(std::string_view& out) {
    std::uint16_t size = 0;
    return U16(size) && Take(size, out);
  }
  bool empty() const { return rest_.empty(); }

 private:
  template <class T>
  bool Number(std::size_t n, T& out) {
    std::string_view bytes;
    if (!Take(n, bytes)) return false;
    out = 0;
    for (char c : bytes) out = static_cast<T>((out << 8) | static_cast<std::uint8_t>(c));
    return true;
  }
  std::string_view rest_;
};

struct PubArea {
  std::uint16_t type = 0, name_alg = 0;
  std::uint32_t exponent = 0;  // RSA; 0 means 65537
  std::uint16_t curve = 0;     // ECC
  std::string_view unique, x, y;
};

// A TPMT_SYM_DEF_OBJECT, TPMT_RSA_SCHEME, TPMT_ECC_SCHEME or TPMT_KDF_SCHEME:
// an algorithm, then details unless it is TPM_ALG_NULL. Symmetric details
// are keyBits and mode (4 bytes), a scheme's its hash (2 bytes).
bool SkipAlgorithm(Reader& r, std::size_t details) {
  std::uint16_t alg = 0;
  return r.U16(alg) && (alg == kAlgNull || r.Skip(details));
}

bool ParsePubArea(std::string_view bytes, PubArea& out) {
  Reader r(bytes);
  std::uint32_t attributes = 0;
  std::string_view auth_policy;
  if (!r.U16(out.type) || !r.U16(out.name_alg) || !r.U32(attributes) || !r.Sized(auth_policy)) {
    return false;
  }
  if (out.type == kAlgRsa) {
    std::uint16_t key_bits = 0;
    if (!SkipAlgorithm(r, 4) || !SkipAlgorithm(r, 2) || !r.U16(key_bits) || !r.U32(out.exponent) ||
        !r.Sized(out.unique)) {
      return false;
    }
  } else if (out.type == kAlgEcc) {
    if (!SkipAlgorithm(r, 4) || !SkipAlgorithm(r, 2) || !r.U16(out.curve) || !SkipAlgorithm(r, 2) ||
        !r.Sized(out.x) || !r.Sized(out.y)) {
      return false;
    }
  } else {
    return false;
  }
  return r.empty();
}

struct CertInfo {
  std::string_view extra_data, attested_name;
};

bool ParseCertInfo(std::string_view bytes, CertInfo& out) {
  Reader r(bytes);
  std::uint32_t magic = 0;
  std::uint16_t type = 0;
  std::string_view qualified_signer, qualified_name;
  return r.U32(magic) && magic == kTpmGeneratedValue && r.U16(type) && type == kStAttestCertify &&
         r.Sized(qualified_signer) && r.Sized(out.extra_data) && r.Skip(kClockInfoBytes) &&
         r.Skip(kFirmwareVersionBytes) && r.Sized(out.attested_name) && r.Sized(qualified_name) &&
         r.empty();
}

std::string_view StripLeadingZeros(std::string_view bytes) {
  while (!bytes.empty() && bytes.front() == '\0') bytes.remove_prefix(1);
  return bytes;
}

// pubArea describes the credential public key (WebAuthn L2 §8.3.2 step 3).
bool SameKey(const PubArea& area, const CoseKey& key) {
  if (area.type == kAlgRsa && key.alg == kRs256) {
    std::string exponent;
    for (std::uint32_t e = area.exponent == 0 ? 65537 : area.exponent; e != 0; e >>= 8) {
      exponent.insert(exponent.begin(), static_cast<char>(e & 0xff));
    }
    return StripLeadingZeros(area.unique) == StripLeadingZeros(key.n) &&
           exponent == StripLeadingZeros(key.e);
  }
  return area.type == kAlgEcc && key.alg == kEs256 && area.curve == kEccNistP256 &&
         area.x == key.x && area.y == key.y;
}

// The digest of `data` under a TPM hash algorithm, or empty.
std::string TpmDigest(std::uint16_t alg, std::string_view data) {
  const EVP_MD* md = alg == kAlgSha1     ? EVP_sha1()
                     : alg == kAlgSha256 ? EVP_sha256()
                     : alg == kAlgSha384 ? EVP_sha384()
                     : alg == kAlgSha512 ? EVP_sha512()
                                         : nullptr;
  if (md == nullptr) return {};
  std::string out(static_cast<std::size_t>(EVP_MD_get_size(md)), '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len, md,
                 nullptr) != 1) {
    return {};
  }
  return out;
}

// WebAuthn L2 §8.3.1: version 3, an empty Subject, the EKU
// tcg-kp-AIKCertificate (2.23.133.8.3), not a CA, the AAGUID extension (if
// any) matching.
bool AikCertificateOk(X509* cert, std::string_view aaguid) {
  if (!IsVersion3LeafCertificate(cert) || X509_NAME_entry_count(X509_get_subject_name(cert)) != 0 ||
      !AaguidExtensionMatches(cert, aaguid)) {
    return false;
  }
  auto* usage =
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  if (usage == nullptr) return false;
  bool found = false;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usage); ++i) {
    char oid[64] = {};
    OBJ_obj2txt(oid, sizeof(oid), sk_ASN1_OBJECT_value(usage, i), 1);
    found = found || std::string_view(oid) == "2.23.133.8.3";
  }
  EXTENDED_KEY_USAGE_free(usage);
  return found;
}

}  // namespace

Result<void> VerifyTpm(const cbor_item_t* statement, const AttestationInput& in) {
  if (!OnlyMembers(statement, {"ver", "alg", "x5c", "sig", "certInfo", "pubArea"})) {
    return Fail(BadAttestation("tpm: unknown member (ecdaaKeyId is not supported)"));
  }
  auto ver = cbor::Text(cbor::Find(statement, "ver"));
  auto alg = cbor::Int(cbor::Find(statement, "alg"));
  auto sig = cbor::Bytes(cbor::Find(statement, "sig"));
  auto cert_info_bytes = cbor::Bytes(cbor::Find(statement, "certInfo"));
  auto pub_area_bytes = cbor::Bytes(cbor::Find(statement, "pubArea"));
  if (ver != "2.0" || !alg || !sig || !cert_info_bytes || !pub_area_bytes) {
    return Fail(BadAttestation("tpm: ver, alg, sig, certInfo or pubArea missing"));
  }
  PubArea area;
  if (!ParsePubArea(*pub_area_bytes, area)) return Fail(BadAttestation("tpm: pubArea malformed"));
  if (!SameKey(area, in.key)) return Fail(BadAttestation("tpm: pubArea is not the credential key"));
  CertInfo info;
  if (!ParseCertInfo(*cert_info_bytes, info)) {
    return Fail(BadAttestation("tpm: certInfo malformed (magic, type or length)"));
  }
  // extraData is the hash of attToBeSigned under the hash `alg` names.
  const std::string to_be_signed = std::string(in.auth_data) + std::string(in.client_data_hash);
  std::string expected_extra;
  if (*alg == kRs256 || *alg == kEs256) expected_extra = Sha256(to_be_signed);
  if (*alg == kRs1) expected_extra = Sha1(to_be_signed);
  if (expected_extra.empty() || info.extra_data != expected_extra) {
    return Fail(BadAttestation("tpm: extraData is not the hash of attToBeSigned"));
  }
  // attested.name is pubArea's Name: nameAlg, then its digest of pubArea.
  const std::string digest = TpmDigest(area.name_alg, *pub_area_bytes);
  std::string name;
  name.push_back(static_cast<char>(area.name_alg >> 8));
  name.push_back(static_cast<char>(area.name_alg & 0xff));
  if (digest.empty() || info.attested_name != name + digest) {
    return Fail(BadAttestation("tpm: attested name is not pubArea's"));
  }
  LK_ASSIGN_OR_RETURN(auto chain, ParseX5c(cbor::Find(statement, "x5c")));
  LK_ASSIGN_OR_RETURN(EvpPkeyPtr aik_key, CertificateKey(chain.front().get()));
  if (!VerifySignature(static_cast<int>(*alg), aik_key.get(), *cert_info_bytes, *sig)) {
    return Fail(BadAttestation("tpm: signature over certInfo"));
  }
  if (!AikCertificateOk(chain.front().get(), in.parsed.aaguid)) {
    return Fail(BadAttestation("tpm: AIK certificate requirements (WebAuthn L2 8.3.1)"));
  }
  return {};
}

}  // namespace latchkey::crypto::webauthn
