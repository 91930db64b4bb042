// Internal to crypto/jose: the loaded key behind SigningKey and VerifyKey,
// and the helpers key.cc and jwk.cc share. Not part of the public API.
#ifndef LK_CRYPTO_JOSE_KEY_INTERNAL_H_
#define LK_CRYPTO_JOSE_KEY_INTERNAL_H_

#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/jose/key.h"

namespace latchkey::crypto::jose::internal {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

inline constexpr std::size_t kEd25519PublicBytes = crypto_sign_PUBLICKEYBYTES;
inline constexpr std::size_t kEd25519SeedBytes = crypto_sign_SEEDBYTES;
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 8192;

struct KeyData {
  KeyData() = default;
  KeyData(const KeyData&) = delete;
  KeyData& operator=(const KeyData&) = delete;
  ~KeyData() { sodium_memzero(ed_secret.data(), ed_secret.size()); }

  Algorithm alg = Algorithm::kEdDSA;
  bool has_private = false;
  // EdDSA: libsodium's 64-byte secret key (seed || public key).
  std::array<unsigned char, kEd25519PublicBytes> ed_public{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> ed_secret{};
  // ES256 / RS256: the OpenSSL key (private or public only).
  EvpPkeyPtr pkey;
  std::size_t signature_bytes = 64;  // RS256: the modulus length

  std::string kid;
  std::string thumbprint;
  std::string public_jwk;
  std::string jwt_header_b64;
};

// True iff `text` is non-empty unpadded base64url ([A-Za-z0-9_-], and a
// length that is not 1 mod 4). Base64UrlDecode also accepts '=' padding;
// JOSE forbids it (RFC 7515 §2), so every JOSE decode checks this first.
inline bool IsBase64UrlText(std::string_view text) {
  if (text.empty() || text.size() % 4 == 1) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Fills thumbprint, kid (the thumbprint when `kid` is empty), public_jwk and
// jwt_header_b64 from the public half of `data`. Errors: kInternal if OpenSSL
// cannot export the public key.
Result<void> DescribeKey(KeyData& data, std::string_view kid);

// Parses a public JWK into a KeyData (see VerifyKey::FromJwk).
Result<std::shared_ptr<KeyData>> ParsePublicJwk(std::string_view jwk_json);

}  // namespace latchkey::crypto::jose::internal

#endif  // LK_CRYPTO_JOSE_KEY_INTERNAL_H_
