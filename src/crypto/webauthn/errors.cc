// The WebAuthn core's error table.
#include "crypto/webauthn/errors.h"

#include <array>

namespace latchkey::crypto::webauthn {

std::span<const ErrorInfo> WebAuthnErrors() {
  static constexpr std::array<ErrorInfo, 20> kErrors = {
      kInputTooLarge,        kInvalidCredentialId,
      kMalformedClientData,  kClientDataType,
      kChallengeMismatch,    kOriginMismatch,
      kMalformedCbor,        kMalformedAttestationObject,
      kMalformedAuthData,    kBackupStateInvalid,
      kRpIdHashMismatch,     kUserNotPresent,
      kUserNotVerified,      kBadCoseKey,
      kUnsupportedAlgorithm, kAlgorithmNotAllowed,
      kCredentialIdMismatch, kUnsupportedAttestation,
      kBadAttestation,       kBadSignature};
  return kErrors;
}

}  // namespace latchkey::crypto::webauthn
