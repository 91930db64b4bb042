// JOSE signing and verification keys for the three algorithms Latchkey
// issues and accepts: EdDSA (Ed25519, libsodium), ES256 (P-256, OpenSSL) and
// RS256 (RSA >= 2048 bits, PKCS#1 v1.5 with SHA-256, OpenSSL).
//
// One key has exactly one algorithm (RFC 8725 §3.1): a key never verifies a
// token whose header names another algorithm. Keys are parsed once and keep
// their libsodium/OpenSSL objects, their public JWK and their base64url JWT
// header, so signing and verifying do no per-call key parsing.
//
// The `kid` is the RFC 7638 JWK thumbprint (base64url SHA-256 of the
// canonical public JWK) unless the caller supplies one.
//
// Thread-safety: SigningKey and VerifyKey are immutable after construction;
// copies share the loaded key and every const method may run concurrently.
#ifndef LK_CRYPTO_JOSE_KEY_H_
#define LK_CRYPTO_JOSE_KEY_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto::jose {

enum class Algorithm { kEdDSA, kES256, kRS256 };

// The JOSE `alg` name: "EdDSA", "ES256" or "RS256".
std::string_view AlgorithmName(Algorithm alg);

// The algorithm for a header `alg`. Exact, case-sensitive match
// (RFC 7515 §4.1.1); "Ed25519" (RFC 9864's fully-specified name) maps to kEdDSA.
// Returns nullopt for anything else, including every spelling of "none".
std::optional<Algorithm> ParseAlgorithm(std::string_view name);

namespace internal {
struct KeyData;
}  // namespace internal

// A public key bound to one algorithm.
class VerifyKey {
 public:
  // Loads a public JWK (RFC 7517): {"kty":"OKP","crv":"Ed25519","x"},
  // {"kty":"EC","crv":"P-256","x","y"} or {"kty":"RSA","n","e"}. `alg`, when
  // present, must be the one algorithm this key type allows here; when absent
  // it is implied by the key type. A missing `kid` becomes the thumbprint.
  // Refuses private members (`d`, `p`, ...), an EC point not on the curve,
  // an Ed25519 point of small order, an RSA modulus outside 2048..8192 bits,
  // and `use` other than "sig".
  // Errors: kInvalidArgument JWK_INVALID.
  static Result<VerifyKey> FromJwk(std::string_view jwk_json);

  Algorithm alg() const;
  const std::string& kid() const;
  // RFC 7638 thumbprint, base64url(SHA-256), whatever the kid is.
  const std::string& thumbprint() const;
  // The public JWK as JSON: kty, crv/x/y or n/e, alg, use:"sig", kid.
  const std::string& public_jwk() const;

  // True iff `signature` (raw JOSE bytes: 64 for EdDSA and ES256 R||S,
  // modulus length for RS256) signs `signing_input` under this key.
  bool VerifySignature(std::string_view signing_input, std::string_view signature) const;

 private:
  friend class SigningKey;
  explicit VerifyKey(std::shared_ptr<const internal::KeyData> data) : data_(std::move(data)) {}
  std::shared_ptr<const internal::KeyData> data_;
};

// A private key bound to one algorithm.
class SigningKey {
 public:
  // A fresh key from the CSPRNG. RS256 keys are 2048 bits unless
  // `rsa_bits` (2048..8192) says otherwise.
  // Errors: kInvalidArgument JOSE_INVALID_PRIVATE_KEY for bad `rsa_bits`;
  // kInternal if OpenSSL fails.
  static Result<SigningKey> Generate(Algorithm alg, int rsa_bits = 2048);

  // Loads what PrivateBytes() returned. `kid` empty = the thumbprint.
  // Errors: kInvalidArgument JOSE_INVALID_PRIVATE_KEY if the bytes are not a
  // key of `alg` (wrong type, curve other than P-256, RSA under 2048 bits).
  static Result<SigningKey> FromPrivateBytes(Algorithm alg, std::string_view bytes,
                                             std::string_view kid = {});

  // The private key: the 32-byte seed for EdDSA, PKCS#8 DER otherwise.
  // Secret: encrypt it (crypto/aead.h) before storing it.
  // Errors: kInternal if OpenSSL fails.
  Result<std::string> PrivateBytes() const;

  Algorithm alg() const;
  const std::string& kid() const;
  // The public JWK as JSON (never contains private members).
  const std::string& PublicJwk() const;
  // The matching public key (shares the loaded key; cheap).
  VerifyKey verify_key() const;

  // The raw JOSE signature of `signing_input` (64 bytes R||S for ES256).
  // Errors: kInternal if OpenSSL fails.
  Result<std::string> SignBytes(std::string_view signing_input) const;

  // base64url of {"alg":...,"kid":...,"typ":"JWT"}, built once.
  const std::string& jwt_header_b64() const;

 private:
  explicit SigningKey(std::shared_ptr<const internal::KeyData> data) : data_(std::move(data)) {}
  std::shared_ptr<const internal::KeyData> data_;
};

}  // namespace latchkey::crypto::jose

#endif  // LK_CRYPTO_JOSE_KEY_H_
