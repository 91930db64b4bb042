// Cryptographically secure random values: raw bytes, uniform strings over an
// alphabet, and the token shapes Better Auth uses (docs/api.md).
// Every function here draws from libsodium's CSPRNG (getrandom(2) on Linux).
// Thread-safety: every function is safe to call concurrently.
#ifndef LK_CRYPTO_RANDOM_H_
#define LK_CRYPTO_RANDOM_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace latchkey::crypto {

// [A-Za-z0-9], the alphabet of Better Auth ids and session tokens.
inline constexpr std::string_view kAlnumAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Initialises libsodium. Call once at startup; calling it again, from any
// thread, is a cheap no-op. Aborts the process if libsodium cannot
// initialise (no usable entropy source): the server must not run without one.
// The other functions in this module also call it lazily, so tests need not.
void InitCrypto();

// Returns `n` random bytes.
std::string RandomBytes(std::size_t n);

// Returns `n` characters drawn independently and uniformly from `alphabet`
// (rejection sampling, so no modulo bias).
// REQUIRES: 1 <= alphabet.size() <= 256; aborts otherwise (programmer error).
std::string RandomString(std::size_t n, std::string_view alphabet);

// Returns `n` characters from [A-Za-z0-9]. Better Auth ids and session tokens
// are RandomAlnum(32) (about 190 bits).
std::string RandomAlnum(std::size_t n);

// Returns `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string RandomHex(std::size_t bytes);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_RANDOM_H_
