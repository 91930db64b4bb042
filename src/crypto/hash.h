// Message digests, HMAC and HKDF over OpenSSL 3. Outputs are raw bytes;
// encode them with crypto/encoding.h.
// Thread-safety: every function is pure and safe to call concurrently.
#ifndef LK_CRYPTO_HASH_H_
#define LK_CRYPTO_HASH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto {

inline constexpr std::size_t kSha256Bytes = 32;
inline constexpr std::size_t kSha1Bytes = 20;

// SHA-256 of `data`: 32 raw bytes. Aborts if OpenSSL fails (it cannot
// without running out of memory).
std::string Sha256(std::string_view data);

// SHA-1 of `data`: 20 raw bytes. Only for protocols that require it (the
// HIBP range API, HOTP/TOTP); never for anything new.
std::string Sha1(std::string_view data);

// HMAC-SHA256(key, message): 32 raw bytes. Any key length, including empty.
// Aborts if OpenSSL fails.
std::string HmacSha256(std::string_view key, std::string_view message);

// HKDF-SHA256 (RFC 5869, extract then expand). An empty `salt` means
// "not provided" (HashLen zero bytes), an empty `info` is the empty string.
// Returns `length` raw bytes.
// Errors: kInvalidArgument INVALID_KEY_LENGTH unless 1 <= length <= 8160
// (255 * 32); kInternal if OpenSSL fails.
Result<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                               std::size_t length);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_HASH_H_
