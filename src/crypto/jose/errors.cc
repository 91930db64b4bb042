// The JOSE library's error table.
#include "crypto/jose/errors.h"

#include <array>

namespace latchkey::crypto::jose {

std::span<const ErrorInfo> JoseErrors() {
  static constexpr std::array<ErrorInfo, 16> kErrors = {
      kJwtMalformed,    kJwtTooLarge,        kJwtDuplicateMember, kJwtAlgNotAllowed,
      kJwtUnknownKid,   kJwtForbiddenHeader, kJwtBadType,         kJwtBadSignature,
      kJwtMissingClaim, kJwtExpired,         kJwtNotYetValid,     kJwtBadIssuer,
      kJwtBadAudience,  kInvalidJwk,         kDuplicateKid,       kInvalidPrivateKey};
  return kErrors;
}

}  // namespace latchkey::crypto::jose
