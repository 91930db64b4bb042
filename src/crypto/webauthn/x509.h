// Internal to crypto/webauthn: the attestation certificates (x5c) and the
// checks on them that need no trust anchor.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_X509_H_
#define LK_CRYPTO_WEBAUTHN_X509_H_

#include <cbor.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/webauthn/cose_key.h"

namespace latchkey::crypto::webauthn {

struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

inline constexpr std::size_t kMaxChainLength = 8;

// x5c: an array of 1..kMaxChainLength byte strings, each exactly one DER
// certificate whose extensions OpenSSL can decode. The leaf comes first.
// The chain is not verified (no trust anchors). Errors: WEBAUTHN_BAD_ATTESTATION.
Result<std::vector<X509Ptr>> ParseX5c(const cbor_item_t* x5c);

// The certificate's public key. Errors: WEBAUTHN_BAD_ATTESTATION.
Result<EvpPkeyPtr> CertificateKey(X509* cert);

// X.509 version 3 and not a CA (Basic Constraints CA absent or false).
bool IsVersion3LeafCertificate(X509* cert);

// The DER content of extension `oid` (dotted text), or nullopt when the
// certificate has none; `critical` tells whether it is marked critical. A
// repeated extension reads as an empty, critical value.
std::optional<std::string_view> ExtensionValue(X509* cert, const char* oid, bool& critical);

// id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4, WebAuthn L2 §8.2.1): when
// present it must not be critical and must hold `aaguid`.
bool AaguidExtensionMatches(X509* cert, std::string_view aaguid);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_X509_H_
