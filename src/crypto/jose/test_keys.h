// Test-only helpers for the JOSE tests: one generated key per algorithm
// (made once per process; RSA generation is slow) and a forger that signs
// any header and payload bytes, so tests can build hostile tokens.
#ifndef LK_CRYPTO_JOSE_TEST_KEYS_H_
#define LK_CRYPTO_JOSE_TEST_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/encoding.h"
#include "crypto/jose/jws.h"
#include "crypto/jose/key.h"
#include "crypto/jose/key_set.h"

namespace latchkey::crypto::jose::testing {

inline constexpr std::int64_t kNow = 1'700'000'000;

inline const SigningKey& TestKey(Algorithm alg) {
  static const SigningKey kEd = SigningKey::Generate(Algorithm::kEdDSA).value();
  static const SigningKey kEs = SigningKey::Generate(Algorithm::kES256).value();
  static const SigningKey kRs = SigningKey::Generate(Algorithm::kRS256).value();
  switch (alg) {
    case Algorithm::kEdDSA:
      return kEd;
    case Algorithm::kES256:
      return kEs;
    case Algorithm::kRS256:
      break;
  }
  return kRs;
}

// A KeySet holding the public half of every TestKey.
inline KeySet TestKeySet() {
  KeySet set;
  for (Algorithm alg : {Algorithm::kEdDSA, Algorithm::kES256, Algorithm::kRS256}) {
    (void)set.Add(TestKey(alg).verify_key());
  }
  return set;
}

// header.payload.signature with `key` signing exactly these bytes.
inline std::string Forge(const SigningKey& key, std::string_view header_json,
                         std::string_view payload_json) {
  std::string input = Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
  return input + "." + Base64UrlEncode(key.SignBytes(input).value());
}

// A header naming `key`'s own alg and kid, plus `extra` members ("" or
// `,"x":1`).
inline std::string HeaderFor(const SigningKey& key, std::string_view extra = "") {
  return R"({"alg":")" + std::string(AlgorithmName(key.alg())) + R"(","kid":")" + key.kid() + "\"" +
         std::string(extra) + "}";
}

// Valid claims for kNow: exp in 10 minutes.
inline std::string GoodClaims() {
  return R"({"sub":"user-1","iss":"https://auth.example","aud":"https://auth.example",)"
         R"("iat":1700000000,"exp":1700000600})";
}

inline VerifyOptions DefaultOptions() {
  VerifyOptions options;
  options.now = kNow;
  options.issuer = "https://auth.example";
  options.audience = "https://auth.example";
  return options;
}

}  // namespace latchkey::crypto::jose::testing

#endif  // LK_CRYPTO_JOSE_TEST_KEYS_H_
