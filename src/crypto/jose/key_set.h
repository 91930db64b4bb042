// A set of public keys looked up by `kid`: what Verify() trusts, and what
// GET /jwks publishes. A `kid` is only ever an opaque lookup key here
// (RFC 7515 §4.1.4): never a path, URL or query.
// Thread-safety: const methods may run concurrently; Add() must not run
// concurrently with anything. For rotation build a new set and swap a
// std::shared_ptr<const KeySet>.
#ifndef LK_CRYPTO_JOSE_KEY_SET_H_
#define LK_CRYPTO_JOSE_KEY_SET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/jose/key.h"

namespace latchkey::crypto::jose {

class KeySet {
 public:
  // Adds `key`. Errors: kConflict JWK_DUPLICATE_KID if its kid is taken.
  Result<void> Add(VerifyKey key);

  // The key whose kid is exactly `kid`, or nullptr. The pointer is valid
  // until the next Add().
  const VerifyKey* Find(std::string_view kid) const;

  // The keys whose algorithm is `alg`, in insertion order. The pointers are
  // valid until the next Add().
  std::vector<const VerifyKey*> WithAlgorithm(Algorithm alg) const;

  std::size_t size() const { return keys_.size(); }

  // {"keys":[<public JWK>,...]} in insertion order; public members only.
  std::string ToJwksJson() const;

  // Parses {"keys":[...]} (RFC 7517 §5). Every key must load (see
  // VerifyKey::FromJwk) and kids must be unique; an unsupported key fails the
  // whole set rather than being skipped silently.
  // Errors: kInvalidArgument JWK_INVALID; kConflict JWK_DUPLICATE_KID.
  static Result<KeySet> FromJwksJson(std::string_view jwks_json);

 private:
  std::vector<VerifyKey> keys_;  // few keys: a linear scan beats hashing
};

}  // namespace latchkey::crypto::jose

#endif  // LK_CRYPTO_JOSE_KEY_SET_H_
