// Internal to crypto/webauthn: COSE_Key parsing (RFC 9052 §7, RFC 9053 §7,
// RFC 8230 §4) for the three algorithms we accept, and signature checks with
// the loaded key. Every member is checked: kty, alg and crv must pair as
// ES256 = EC2 on P-256, EdDSA = OKP on Ed25519, RS256 = RSA; coordinates have
// their exact sizes and EC points lie on the curve; RSA moduli are 2048 to
// 8192 bits with an odd exponent of at least 3; private members and labels
// we do not know are refused.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_COSE_KEY_H_
#define LK_CRYPTO_WEBAUTHN_COSE_KEY_H_

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto::webauthn {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// COSE identifiers used only inside attestation statements: RSASSA-PKCS1-v1_5
// with SHA-1 (RFC 8812 §2), which TPMs sign their statements with.
inline constexpr int kRs1 = -65535;

struct CoseKey {
  int alg = 0;
  EvpPkeyPtr pkey;
  std::string x, y;  // EC2: 32 bytes each; OKP: x only
  std::string n, e;  // RSA, big-endian as received
};

// Parses the COSE_Key encoded in `bytes` (exactly one strict CBOR map).
// Errors: WEBAUTHN_MALFORMED_CBOR, WEBAUTHN_BAD_COSE_KEY,
// WEBAUTHN_UNSUPPORTED_ALGORITHM.
Result<CoseKey> ParseCoseKey(std::string_view bytes);

// True iff `signature` over `data` verifies with `key` under COSE algorithm
// `alg` (ES256: ASN.1 DER ECDSA over SHA-256, WebAuthn L2 §6.5.6; EdDSA:
// Ed25519; RS256 / RS1: PKCS #1 v1.5 over SHA-256 / SHA-1), and `key` is of
// the type `alg` needs (an ES256 signature never verifies with an RSA key).
bool VerifySignature(int alg, EVP_PKEY* key, std::string_view data, std::string_view signature);

// True iff `key` is of the type `alg` signs with (P-256, Ed25519, RSA).
bool KeyFitsAlgorithm(int alg, EVP_PKEY* key);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_COSE_KEY_H_
