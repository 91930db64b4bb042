// Attestation format `tpm` (WebAuthn L2 §8.3).
#include "crypto/webauthn/attestation.h"
#include "crypto/webauthn/attestation_util.h"

namespace latchkey::crypto::webauthn {

Result<void> VerifyTpm(const cbor_item_t* statement, const AttestationInput& in) {
  return Fail(MakeError(kUnsupportedAttestation, "tpm"));
}

}  // namespace latchkey::crypto::webauthn
