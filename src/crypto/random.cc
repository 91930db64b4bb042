// CSPRNG helpers over libsodium's randombytes_buf.
#include "crypto/random.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "crypto/encoding.h"

namespace latchkey::crypto {

void InitCrypto() {
  // A function-local static runs sodium_init once, thread-safely; later calls
  // cost one load. sodium_init returns -1 only on failure (1 means "already
  // initialised", e.g. by another library).
  static const bool initialised = [] {
    if (sodium_init() < 0) {
      std::fputs("latchkey: libsodium initialisation failed\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)initialised;
}

std::string RandomBytes(std::size_t n) {
  InitCrypto();
  std::string out(n, '\0');
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string RandomString(std::size_t n, std::string_view alphabet) {
  if (alphabet.empty() || alphabet.size() > 256) {
    std::fputs("latchkey: RandomString alphabet size out of range\n", stderr);
    std::abort();
  }
  InitCrypto();
  const std::uint32_t k = static_cast<std::uint32_t>(alphabet.size());
  // Accept a byte only if it is below the largest multiple of k that fits in
  // 256, so every character is equally likely.
  const std::uint32_t limit = 256 - (256 % k);
  std::string out;
  out.reserve(n);
  std::array<unsigned char, 128> pool;
  while (out.size() < n) {
    randombytes_buf(pool.data(), pool.size());
    for (unsigned char byte : pool) {
      if (byte >= limit) continue;
      out.push_back(alphabet[byte % k]);
      if (out.size() == n) break;
    }
  }
  sodium_memzero(pool.data(), pool.size());
  return out;
}

std::string RandomAlnum(std::size_t n) { return RandomString(n, kAlnumAlphabet); }

std::string RandomHex(std::size_t bytes) {
  std::string raw = RandomBytes(bytes);
  std::string hex = HexEncode(raw);
  sodium_memzero(raw.data(), raw.size());
  return hex;
}

}  // namespace latchkey::crypto
