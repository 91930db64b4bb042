// AES-256-GCM authenticated encryption for secrets at rest (TOTP seeds, JWT
// private keys): docs/architecture.md "Secrets at rest".
//
// Format: Seal() returns nonce(12) || ciphertext || tag(16), raw bytes. The
// nonce is random per call, so one key may seal at most 2^32 messages (NIST
// SP 800-38D §8.3); a server secret never gets near that.
//
// Keys come from the server secret through crypto/keyring.h (Keyring::
// SealingKey(purpose) = DeriveKey(secret, "latchkey/<purpose>/v1")), one per
// purpose. Bind the row into the associated data (e.g. table name, row id):
// a ciphertext then cannot be moved to another row or decrypted as another
// purpose. To let the secret rotate, open with Keyring::Open(), which tries
// the current then the previous secrets, and re-seal under the current key
// when it reports a previous one.
//
// Thread-safety: pure functions over immutable keys; safe to call concurrently.
#ifndef LK_CRYPTO_AEAD_H_
#define LK_CRYPTO_AEAD_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 12;
inline constexpr std::size_t kAeadTagBytes = 16;
// Seal() output size = plaintext size + kAeadOverheadBytes.
inline constexpr std::size_t kAeadOverheadBytes = kAeadNonceBytes + kAeadTagBytes;

// A 256-bit AES-GCM key. Wiped on destruction.
class AeadKey {
 public:
  // Errors: kInvalidArgument INVALID_KEY_LENGTH unless `key` is 32 bytes.
  static Result<AeadKey> FromBytes(std::string_view key);

  AeadKey(const AeadKey& other) = default;
  AeadKey& operator=(const AeadKey& other) = default;
  ~AeadKey();

  const unsigned char* data() const { return bytes_.data(); }

 private:
  AeadKey() = default;
  std::array<unsigned char, kAeadKeyBytes> bytes_{};
};

// HKDF-SHA256(ikm = secret, salt = "latchkey:aead:v1", info = info, L = 32).
// Errors: kInvalidArgument INVALID_KEY_LENGTH if `secret` is empty.
Result<AeadKey> DeriveKey(std::string_view secret, std::string_view info);

// Encrypts `plaintext` and authenticates it with `associated_data` (not
// stored in the output; Open() must be given the same bytes).
// Errors: kInternal if OpenSSL fails.
Result<std::string> Seal(const AeadKey& key, std::string_view plaintext,
                         std::string_view associated_data = {});

// Reverses Seal(). Any change to the sealed bytes, the key or the associated
// data fails; no partial plaintext is ever returned.
// Errors: kInvalidArgument DECRYPTION_FAILED (also for input shorter than
// kAeadOverheadBytes); kInternal if OpenSSL fails to set up.
Result<std::string> Open(const AeadKey& key, std::string_view sealed,
                         std::string_view associated_data = {});

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_AEAD_H_
