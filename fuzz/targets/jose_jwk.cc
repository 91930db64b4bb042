// crypto/jose JWK and JWKS loading (VerifyKey::FromJwk, KeySet::FromJwksJson):
// public keys read from configuration or a peer's /jwks. The first byte picks
// the entry point. Properties: no crash; a loaded key never keeps private
// members, and its published JWK loads again to the same thumbprint and alg
// (RSA aside; see CheckKey).
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/jose/key.h"
#include "crypto/jose/key_set.h"
#include "fuzz_input.h"

namespace {

namespace jose = latchkey::crypto::jose;

void CheckKey(const jose::VerifyKey& key) {
  const std::string& jwk = key.public_jwk();
  LK_FUZZ_CHECK(jwk.find("\"d\"") == std::string::npos);
  auto again = jose::VerifyKey::FromJwk(jwk);
  if (!again) {
    // OpenSSL's RSA public-key check (SP 800-56B) runs a Miller-Rabin test
    // with random bases: for a structured modulus a fuzzer makes (never for a
    // real p*q) it may find a factor on one load and not on the next.
    LK_FUZZ_CHECK(key.alg() == jose::Algorithm::kRS256);
    return;
  }
  LK_FUZZ_CHECK(again->thumbprint() == key.thumbprint());
  LK_FUZZ_CHECK(again->alg() == key.alg());
  LK_FUZZ_CHECK(again->kid() == key.kid());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const bool as_set = (in.Byte() & 1) != 0;
  const std::string_view text = in.Rest();
  if (!as_set) {
    auto key = jose::VerifyKey::FromJwk(text);
    if (key) CheckKey(*key);
    return 0;
  }
  auto set = jose::KeySet::FromJwksJson(text);
  if (!set) return 0;
  auto again = jose::KeySet::FromJwksJson(set->ToJwksJson());
  LK_FUZZ_CHECK(again.has_value());
  LK_FUZZ_CHECK(again->size() == set->size());
  return 0;
}
