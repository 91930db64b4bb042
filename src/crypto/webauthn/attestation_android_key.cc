// Attestation format `android-key` (WebAuthn L2 §8.4).
#include "crypto/webauthn/attestation.h"
#include "crypto/webauthn/attestation_util.h"

namespace latchkey::crypto::webauthn {

Result<void> VerifyAndroidKey(const cbor_item_t* statement, const AttestationInput& in) {
  return Fail(MakeError(kUnsupportedAttestation, "android-key"));
}

}  // namespace latchkey::crypto::webauthn
