// The server's secrets as a keyring: the current secret, which signs and
// seals everything new, and the previous secrets (newest first), which are
// still accepted for what they signed or sealed before a `latchkey secret
// rotate` (docs/operations.md, "Rotating the server secret").
//
// One secret serves several purposes, so latchkey-only purposes never use it
// raw: each gets its own key, HKDF-SHA256(ikm = secret, salt =
// "latchkey:aead:v1", info = "latchkey/<purpose>/v1"), so a key learnt or
// misused in one place says nothing about another (ASVS 11.1.1 key
// separation). The salt is the one DeriveKey() has always used, so the JWT
// keys sealed before the keyring existed ("jwks/private-key") still open.
//
// Formats Better Auth defines over the raw secret (signed cookies, e-mail
// verification JWTs) use secrets() instead, trying each in order; see
// docs/compatibility.md.
//
// Thread-safety: immutable after construction; safe to share.
#ifndef LK_CRYPTO_KEYRING_H_
#define LK_CRYPTO_KEYRING_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/aead.h"

namespace latchkey::crypto {

// Purposes of derived keys. Never rename one: the label is part of the key.
namespace purpose {
inline constexpr std::string_view kJwksPrivateKey = "jwks/private-key";
inline constexpr std::string_view kKnownDevices = "known-devices";
inline constexpr std::string_view kMailOutbox = "mail/outbox";
}  // namespace purpose

class Keyring {
 public:
  // `current` first, then `previous` newest first. Empty secrets and repeats
  // of an earlier one are dropped.
  Keyring(std::string_view current, const std::vector<std::string>& previous);

  // The raw secrets, current first. Only for wire formats that Better Auth
  // keys with the raw secret; everything else uses Key()/SealingKey().
  const std::vector<std::string>& secrets() const { return secrets_; }
  const std::string& current() const { return secrets_.front(); }

  // "latchkey/<purpose>/v1": the HKDF info of `purpose`.
  static std::string Label(std::string_view purpose);

  // The 32-byte key for `purpose` under the current secret (signing,
  // sealing, hashing anything new).
  // Errors: kInvalidArgument INVALID_KEY_LENGTH if there is no secret.
  Result<std::string> Key(std::string_view purpose) const;

  // The keys for `purpose` under every secret, current first: what to try
  // when verifying or opening. Index 0 is Key(purpose); a match at a later
  // index means "made under a previous secret" (re-sign or re-seal it).
  Result<std::vector<std::string>> Candidates(std::string_view purpose) const;

  // Key() and Candidates() as AES-256-GCM keys for Seal()/Open().
  Result<AeadKey> SealingKey(std::string_view purpose) const;
  Result<std::vector<AeadKey>> SealingCandidates(std::string_view purpose) const;

  // Opens `sealed` with the first candidate key that authenticates it.
  // Returns the plaintext and the index of the secret that sealed it (0 =
  // current).
  // Errors: kInvalidArgument DECRYPTION_FAILED when no candidate opens it.
  struct Opened {
    std::string plaintext;
    std::size_t secret_index = 0;
  };
  Result<Opened> Open(std::string_view purpose, std::string_view sealed,
                      std::string_view associated_data = {}) const;

 private:
  std::vector<std::string> secrets_;
};

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_KEYRING_H_
