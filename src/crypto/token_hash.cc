// Token digests for storage at rest.
#include "crypto/token_hash.h"

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::crypto {

std::string HashToken(std::string_view token) { return HexEncode(Sha256(token)); }

}  // namespace latchkey::crypto
