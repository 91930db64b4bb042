// ConstantTimeEquals over OpenSSL's CRYPTO_memcmp, which the compiler cannot
// turn into an early-exit loop.
#include "crypto/constant_time.h"

#include <openssl/crypto.h>

namespace latchkey::crypto {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace latchkey::crypto
