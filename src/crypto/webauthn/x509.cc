// x5c parsing and the anchor-free certificate checks.
#include "crypto/webauthn/x509.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <string>

#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/errors.h"

namespace latchkey::crypto::webauthn {
namespace {

struct ObjectDeleter {
  void operator()(ASN1_OBJECT* object) const { ASN1_OBJECT_free(object); }
};

Error Bad(const char* detail) { return MakeError(kBadAttestation, detail); }

}  // namespace

Result<std::vector<X509Ptr>> ParseX5c(const cbor_item_t* x5c) {
  if (x5c == nullptr || !cbor_isa_array(x5c) || cbor_array_size(x5c) == 0 ||
      cbor_array_size(x5c) > kMaxChainLength) {
    return Fail(Bad("x5c is not an array of 1..8 certificates"));
  }
  std::vector<X509Ptr> chain;
  cbor_item_t** items = cbor_array_handle(x5c);
  for (std::size_t i = 0; i < cbor_array_size(x5c); ++i) {
    auto der = cbor::Bytes(items[i]);
    if (!der || der->empty()) return Fail(Bad("x5c entry is not a byte string"));
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der->size())));
    if (!cert || p != reinterpret_cast<const unsigned char*>(der->data() + der->size())) {
      ERR_clear_error();
      return Fail(Bad("x5c entry is not one DER certificate"));
    }
    // Decodes the extensions once; a certificate whose extensions do not
    // decode is refused rather than read partially.
    if ((X509_get_extension_flags(cert.get()) & EXFLAG_INVALID) != 0) {
      ERR_clear_error();
      return Fail(Bad("certificate extensions do not decode"));
    }
    chain.push_back(std::move(cert));
  }
  return chain;
}

Result<EvpPkeyPtr> CertificateKey(X509* cert) {
  EvpPkeyPtr key(X509_get_pubkey(cert));
  if (!key) {
    ERR_clear_error();
    return Fail(Bad("certificate key does not load"));
  }
  return key;
}

bool IsVersion3LeafCertificate(X509* cert) {
  return X509_get_version(cert) == X509_VERSION_3 &&
         (X509_get_extension_flags(cert) & EXFLAG_CA) == 0;
}

std::optional<std::string_view> ExtensionValue(X509* cert, const char* oid, bool& critical) {
  std::unique_ptr<ASN1_OBJECT, ObjectDeleter> object(OBJ_txt2obj(oid, 1));
  if (!object) return std::nullopt;
  const int index = X509_get_ext_by_OBJ(cert, object.get(), -1);
  if (index < 0) return std::nullopt;
  if (X509_get_ext_by_OBJ(cert, object.get(), index) >= 0) {
    critical = true;  // repeated: an empty critical value, which every caller refuses
    return std::string_view();
  }
  X509_EXTENSION* extension = X509_get_ext(cert, index);
  critical = X509_EXTENSION_get_critical(extension) != 0;
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(extension);
  return std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                          static_cast<std::size_t>(ASN1_STRING_length(data)));
}

bool AaguidExtensionMatches(X509* cert, std::string_view aaguid) {
  bool critical = false;
  auto value = ExtensionValue(cert, "1.3.6.1.4.1.45724.1.1.4", critical);
  if (!value) return true;
  // The extension's value is the DER of an OCTET STRING of 16 bytes.
  return !critical && value->size() == 18 && (*value)[0] == 0x04 && (*value)[1] == 0x10 &&
         value->substr(2) == aaguid;
}

}  // namespace latchkey::crypto::webauthn
