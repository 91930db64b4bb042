// The crypto module's error table.
#include "crypto/errors.h"

#include <array>

namespace latchkey::crypto {

std::span<const ErrorInfo> CryptoErrors() {
  static constexpr std::array<ErrorInfo, 4> kErrors = {kInvalidEncoding, kInvalidPasswordEncoding,
                                                       kInvalidKeyLength, kInvalidArgon2Params};
  return kErrors;
}

}  // namespace latchkey::crypto
