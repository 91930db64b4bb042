// The crypto module's error table.
#include "crypto/errors.h"

#include <array>

namespace latchkey::crypto {

std::span<const ErrorInfo> CryptoErrors() {
  static constexpr std::array<ErrorInfo, 6> kErrors = {kInvalidEncoding,  kInvalidPasswordEncoding,
                                                       kInvalidKeyLength, kInvalidArgon2Params,
                                                       kDecryptionFailed, kInvalidOtpParams};
  return kErrors;
}

}  // namespace latchkey::crypto
