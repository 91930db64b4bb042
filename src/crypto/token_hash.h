// At-rest form of bearer secrets (session tokens and the like; docs/operations.md,
// "What the database holds"):
// the database stores a digest so that a leaked table does not yield live
// tokens. Tokens carry >= 128 bits of entropy, so an unsalted fast hash
// suffices; a password hash would only cost CPU.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_TOKEN_HASH_H_
#define LK_CRYPTO_TOKEN_HASH_H_

#include <string>
#include <string_view>

namespace latchkey::crypto {

// Returns lowercase hex of SHA-256(token): always 64 characters. Store and
// look rows up by this value. The lookup is an index probe, not a
// constant-time compare; that is fine, because learning which stored digests
// share a prefix with SHA-256(guess) does not help find a token.
std::string HashToken(std::string_view token);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_TOKEN_HASH_H_
