// Internal to crypto/webauthn: attestation statements (WebAuthn L2 §8),
// verified as far as they can be without trust anchors: the signature, and
// each format's certificate requirements that need no root. Nothing here
// decides whether an authenticator's make is trusted (webauthn.h).
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_ATTESTATION_H_
#define LK_CRYPTO_WEBAUTHN_ATTESTATION_H_

#include <cbor.h>

#include <string_view>

#include "core/result.h"
#include "crypto/webauthn/auth_data.h"
#include "crypto/webauthn/cose_key.h"

namespace latchkey::crypto::webauthn {

struct AttestationInput {
  std::string_view auth_data;         // the authenticator data's bytes
  std::string_view client_data_hash;  // SHA-256 of clientDataJSON
  const AuthenticatorData& parsed;
  const CoseKey& key;  // the credential public key
};

// Verifies `statement` (a CBOR map) for format `fmt` (matched
// case-sensitively, WebAuthn L2 §7.1 step 18). Errors:
// WEBAUTHN_UNSUPPORTED_ATTESTATION, WEBAUTHN_BAD_ATTESTATION.
Result<void> VerifyAttestation(std::string_view fmt, const cbor_item_t* statement,
                               const AttestationInput& in);

// One function per format (attestation.cc, attestation_tpm.cc,
// attestation_android_key.cc); VerifyAttestation dispatches.
Result<void> VerifyPacked(const cbor_item_t* statement, const AttestationInput& in);
Result<void> VerifyFidoU2f(const cbor_item_t* statement, const AttestationInput& in);
Result<void> VerifyTpm(const cbor_item_t* statement, const AttestationInput& in);
Result<void> VerifyAndroidKey(const cbor_item_t* statement, const AttestationInput& in);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_ATTESTATION_H_
