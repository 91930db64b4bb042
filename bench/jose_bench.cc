// jose_bench: crypto/jose sign and verify rates next to the raw primitive
// underneath (libsodium crypto_sign_detached/verify for EdDSA, OpenSSL
// EVP_DigestSign/Verify for ES256 and RS256) on the same signing input, so
// the difference is our overhead: base64url, JSON parsing, header and claim
// checks, DER<->R||S conversion.
//   build/bench/jose_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <string>

#include "crypto/jose/jws.h"

namespace {

using latchkey::crypto::jose::Algorithm;
using latchkey::crypto::jose::KeySet;
using latchkey::crypto::jose::SigningKey;
using latchkey::crypto::jose::VerifyOptions;

// Claims the size of a Better Auth session JWT (every user field).
constexpr std::string_view kClaims =
    R"({"iat":1700000000,"name":"Ada Lovelace","email":"ada@example.com","emailVerified":true,)"
    R"("image":null,"createdAt":"2024-01-01T00:00:00.000Z","updatedAt":"2024-01-01T00:00:00.000Z",)"
    R"("id":"Fv2mQ8kR3nZ1pL7tW0xY4cB9dE6hJ5sA","sub":"Fv2mQ8kR3nZ1pL7tW0xY4cB9dE6hJ5sA",)"
    R"("exp":1700000900,"iss":"https://auth.example","aud":"https://auth.example"})";

struct Fixture {
  SigningKey key;
  KeySet keys;
  std::string token;
  std::string signing_input;  // header.payload of `token`
  VerifyOptions options;
};

const Fixture& Get(Algorithm alg) {
  static auto make = [](Algorithm a) {
    SigningKey key = SigningKey::Generate(a).value();
    KeySet keys;
    (void)keys.Add(key.verify_key());
    std::string token = Sign(key, kClaims).value();
    VerifyOptions options;
    options.now = 1700000100;
    options.issuer = "https://auth.example";
    options.audience = "https://auth.example";
    return Fixture{key, keys, token, token.substr(0, token.rfind('.')), options};
  };
  static const Fixture kEd = make(Algorithm::kEdDSA);
  static const Fixture kEs = make(Algorithm::kES256);
  static const Fixture kRs = make(Algorithm::kRS256);
  return alg == Algorithm::kEdDSA ? kEd : alg == Algorithm::kES256 ? kEs : kRs;
}

void BM_JoseSign(benchmark::State& state, Algorithm alg) {
  const Fixture& f = Get(alg);
  for (auto _ : state) benchmark::DoNotOptimize(Sign(f.key, kClaims));
}

void BM_JoseVerify(benchmark::State& state, Algorithm alg) {
  const Fixture& f = Get(alg);
  for (auto _ : state) {
    auto result = Verify(f.token, f.keys, f.options);
    if (!result) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(result);
  }
}

// ---- raw primitives, same signing input ----

void BM_RawSodiumEd25519Sign(benchmark::State& state) {
  const std::string& input = Get(Algorithm::kEdDSA).signing_input;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  unsigned char sig[crypto_sign_BYTES];
  for (auto _ : state) {
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(input.data()),
                         input.size(), sk);
    benchmark::DoNotOptimize(sig);
  }
}

void BM_RawSodiumEd25519Verify(benchmark::State& state) {
  const std::string& input = Get(Algorithm::kEdDSA).signing_input;
  const auto* msg = reinterpret_cast<const unsigned char*>(input.data());
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, msg, input.size(), sk);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_sign_verify_detached(sig, msg, input.size(), pk));
  }
}

EVP_PKEY* RawKey(Algorithm alg) {
  return alg == Algorithm::kES256 ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
}

// The textbook OpenSSL 3 sequence: new ctx, DigestSignInit with EVP_sha256(), sign.
void BM_RawOpenSslSign(benchmark::State& state, Algorithm alg) {
  const std::string& input = Get(alg).signing_input;
  const auto* msg = reinterpret_cast<const unsigned char*>(input.data());
  EVP_PKEY* pkey = RawKey(alg);
  unsigned char sig[512];
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = sizeof(sig);
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, pkey);
    EVP_DigestSign(ctx, sig, &len, msg, input.size());
    EVP_MD_CTX_free(ctx);
    benchmark::DoNotOptimize(sig);
  }
  EVP_PKEY_free(pkey);
}

void BM_RawOpenSslVerify(benchmark::State& state, Algorithm alg) {
  const std::string& input = Get(alg).signing_input;
  const auto* msg = reinterpret_cast<const unsigned char*>(input.data());
  EVP_PKEY* pkey = RawKey(alg);
  unsigned char sig[512];
  std::size_t sig_len = sizeof(sig);
  EVP_MD_CTX* sign_ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(sign_ctx, nullptr, EVP_sha256(), nullptr, pkey);
  EVP_DigestSign(sign_ctx, sig, &sig_len, msg, input.size());
  EVP_MD_CTX_free(sign_ctx);
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey);
    int ok = EVP_DigestVerify(ctx, sig, sig_len, msg, input.size());
    EVP_MD_CTX_free(ctx);
    if (ok != 1) state.SkipWithError("raw verify failed");
  }
  EVP_PKEY_free(pkey);
}

BENCHMARK_CAPTURE(BM_JoseSign, EdDSA, Algorithm::kEdDSA);
BENCHMARK(BM_RawSodiumEd25519Sign);
BENCHMARK_CAPTURE(BM_JoseVerify, EdDSA, Algorithm::kEdDSA);
BENCHMARK(BM_RawSodiumEd25519Verify);
BENCHMARK_CAPTURE(BM_JoseSign, ES256, Algorithm::kES256);
BENCHMARK_CAPTURE(BM_RawOpenSslSign, ES256, Algorithm::kES256);
BENCHMARK_CAPTURE(BM_JoseVerify, ES256, Algorithm::kES256);
BENCHMARK_CAPTURE(BM_RawOpenSslVerify, ES256, Algorithm::kES256);
BENCHMARK_CAPTURE(BM_JoseSign, RS256, Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_RawOpenSslSign, RS256, Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_JoseVerify, RS256, Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_RawOpenSslVerify, RS256, Algorithm::kRS256);

}  // namespace

BENCHMARK_MAIN();
