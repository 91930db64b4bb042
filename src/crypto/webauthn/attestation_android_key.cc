// Attestation format `android-key` (WebAuthn L2 §8.4): the credential key is
// the leaf certificate's key, and the certificate's Android Key Attestation
// extension (1.3.6.1.4.1.11129.2.1.17, KeyDescription) binds it to this
// ceremony. Checked without trust anchors: the signature, the key, the
// extension's attestationChallenge = clientDataHash, no allApplications
// ([600]) in either authorization list, origin ([702]) KM_ORIGIN_GENERATED
// and purpose ([1]) including KM_PURPOSE_SIGN in their union.
#include <openssl/err.h>

#include <string>

#include "crypto/webauthn/attestation.h"
#include "crypto/webauthn/attestation_util.h"
#include "crypto/webauthn/webauthn.h"
#include "crypto/webauthn/x509.h"

namespace latchkey::crypto::webauthn {
namespace {

constexpr std::uint32_t kTagPurpose = 1, kTagAllApplications = 600, kTagOrigin = 702;
constexpr std::uint8_t kKmPurposeSign = 2, kKmOriginGenerated = 0;

// One DER TLV (ITU-T X.690): the tag's class and constructed bits, its
// number (high-tag-number form included), and the content.
struct Tlv {
  std::uint8_t leading = 0;  // the first identifier byte
  std::uint32_t number = 0;
  std::string_view content;
};

bool ReadTlv(std::string_view& rest, Tlv& out) {
  if (rest.size() < 2) return false;
  std::size_t pos = 0;
  out.leading = static_cast<std::uint8_t>(rest[pos++]);
  out.number = out.leading & 0x1f;
  if (out.number == 0x1f) {
    out.number = 0;
    for (int i = 0;; ++i) {
      if (pos >= rest.size() || i == 4) return false;
      const auto b = static_cast<std::uint8_t>(rest[pos++]);
      out.number = (out.number << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) break;
    }
  }
  if (pos >= rest.size()) return false;
  std::size_t length = static_cast<std::uint8_t>(rest[pos++]);
  if (length & 0x80) {
    const std::size_t bytes = length & 0x7f;
    if (bytes == 0 || bytes > 3) return false;  // no indefinite form; extensions are small
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      if (pos >= rest.size()) return false;
      length = (length << 8) | static_cast<std::uint8_t>(rest[pos++]);
    }
  }
  if (rest.size() - pos < length) return false;
  out.content = rest.substr(pos, length);
  rest.remove_prefix(pos + length);
  return true;
}

bool IsContext(const Tlv& tlv) { return (tlv.leading & 0xc0) == 0x80; }

// A small non-negative INTEGER (or ENUMERATED) content.
bool SmallInt(std::string_view content, std::uint32_t& out) {
  if (content.empty() || content.size() > 4 || (content[0] & 0x80) != 0) return false;
  out = 0;
  for (char c : content) out = (out << 8) | static_cast<std::uint8_t>(c);
  return true;
}

struct Authorizations {
  bool all_applications = false, origin_generated = false, purpose_sign = false;
};

// Walks one AuthorizationList (a SEQUENCE of [tag] EXPLICIT values).
bool ReadAuthorizations(std::string_view list, Authorizations& out) {
  while (!list.empty()) {
    Tlv entry;
    if (!ReadTlv(list, entry) || !IsContext(entry)) return false;
    if (entry.number == kTagAllApplications) out.all_applications = true;
    std::string_view inner = entry.content;
    Tlv value;
    if (entry.number == kTagOrigin) {
      std::uint32_t origin = 0;
      if (!ReadTlv(inner, value) || value.leading != 0x02 || !SmallInt(value.content, origin)) {
        return false;
      }
      out.origin_generated = out.origin_generated || origin == kKmOriginGenerated;
    } else if (entry.number == kTagPurpose) {
      if (!ReadTlv(inner, value) || value.leading != 0x31) return false;  // SET OF INTEGER
      std::string_view set = value.content;
      while (!set.empty()) {
        Tlv purpose;
        std::uint32_t p = 0;
        if (!ReadTlv(set, purpose) || purpose.leading != 0x02 || !SmallInt(purpose.content, p)) {
          return false;
        }
        out.purpose_sign = out.purpose_sign || p == kKmPurposeSign;
      }
    }
  }
  return true;
}

// KeyDescription ::= SEQUENCE { attestationVersion INTEGER,
// attestationSecurityLevel ENUMERATED, keymasterVersion INTEGER,
// keymasterSecurityLevel ENUMERATED, attestationChallenge OCTET STRING,
// uniqueId OCTET STRING, softwareEnforced AuthorizationList, teeEnforced
// AuthorizationList } (later versions use the same first eight fields).
bool KeyDescriptionOk(std::string_view der, std::string_view client_data_hash) {
  Tlv sequence;
  if (!ReadTlv(der, sequence) || sequence.leading != 0x30 || !der.empty()) return false;
  std::string_view fields = sequence.content;
  constexpr std::uint8_t kExpected[] = {0x02, 0x0a, 0x02, 0x0a, 0x04, 0x04, 0x30, 0x30};
  Tlv field[8];
  for (int i = 0; i < 8; ++i) {
    if (!ReadTlv(fields, field[i]) || field[i].leading != kExpected[i]) return false;
  }
  if (field[4].content != client_data_hash) return false;
  Authorizations auth;
  if (!ReadAuthorizations(field[6].content, auth) || !ReadAuthorizations(field[7].content, auth)) {
    return false;
  }
  return !auth.all_applications && auth.origin_generated && auth.purpose_sign;
}

}  // namespace

Result<void> VerifyAndroidKey(const cbor_item_t* statement, const AttestationInput& in) {
  if (!OnlyMembers(statement, {"alg", "sig", "x5c"})) {
    return Fail(BadAttestation("android-key: unknown member"));
  }
  auto alg = cbor::Int(cbor::Find(statement, "alg"));
  auto sig = cbor::Bytes(cbor::Find(statement, "sig"));
  if (!alg || !sig) return Fail(BadAttestation("android-key: alg or sig missing"));
  if (*alg != kEs256 && *alg != kRs256 && *alg != kEdDsa) {
    return Fail(BadAttestation("android-key: unsupported alg"));
  }
  LK_ASSIGN_OR_RETURN(auto chain, ParseX5c(cbor::Find(statement, "x5c")));
  X509* leaf = chain.front().get();
  LK_ASSIGN_OR_RETURN(EvpPkeyPtr leaf_key, CertificateKey(leaf));
  const std::string signed_data = std::string(in.auth_data) + std::string(in.client_data_hash);
  if (!VerifySignature(static_cast<int>(*alg), leaf_key.get(), signed_data, *sig)) {
    return Fail(BadAttestation("android-key: signature"));
  }
  if (EVP_PKEY_eq(leaf_key.get(), in.key.pkey.get()) != 1) {
    ERR_clear_error();  // keys of different types leave an error queued
    return Fail(BadAttestation("android-key: certificate key is not the credential key"));
  }
  bool critical = false;
  auto description = ExtensionValue(leaf, "1.3.6.1.4.1.11129.2.1.17", critical);
  if (!description || !KeyDescriptionOk(*description, in.client_data_hash)) {
    return Fail(BadAttestation("android-key: key description extension"));
  }
  return {};
}

}  // namespace latchkey::crypto::webauthn
