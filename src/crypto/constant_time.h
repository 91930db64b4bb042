// Comparison of secrets without a timing side channel on their contents.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_CONSTANT_TIME_H_
#define LK_CRYPTO_CONSTANT_TIME_H_

#include <string_view>

namespace latchkey::crypto {

// True iff `a` and `b` hold the same bytes. The running time depends only on
// the lengths: a length mismatch returns early (lengths are not secret for
// the values we compare: MACs, digests, fixed-size tokens), equal lengths are
// compared with CRYPTO_memcmp.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_CONSTANT_TIME_H_
