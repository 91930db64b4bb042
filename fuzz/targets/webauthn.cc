// crypto/webauthn VerifyRegistration() and VerifyAuthentication(): what a
// browser posts to the passkey routes. The first byte picks the mode; fields
// follow, each as a 2-byte big-endian length and that many bytes:
//  0 raw registration: clientDataJSON, attestationObject, rawId;
//  1 raw assertion: clientDataJSON, authenticatorData, signature, stored
//    COSE key, rawId, then a stored-counter byte;
//  2 signed assertion: clientDataJSON, authenticatorData; the harness signs
//    them with its fixed Ed25519 key (seed 0x42 x 32) and supplies that key,
//    so the fuzzer reaches every check up to the counter;
//  3 wrapped registration: clientDataJSON, authenticatorData; the harness
//    builds {fmt, attStmt, authData} around them, with `none` or (second
//    byte odd) `packed` self attestation signed by the fixed key, and takes
//    rawId from the authenticator data.
// The RP is "localhost", origin "http://localhost:3000", challenge "AAAA".
// Properties: no crash; a refusal is kInvalidArgument, never kInternal; a
// registration that verifies names the rawId, an allowed algorithm and its
// format, and its stored key parses again to the same algorithm.
#include "crypto/webauthn/webauthn.h"

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/hash.h"
#include "crypto/webauthn/cose_key.h"
#include "fuzz_input.h"

namespace {

namespace wa = latchkey::crypto::webauthn;
using latchkey::ErrorKind;
using latchkey::fuzz::FuzzInput;

std::string Field(FuzzInput& in) {
  const std::size_t n = (std::size_t{in.Byte()} << 8) | in.Byte();
  return std::string(in.Take(n));
}

EVP_PKEY* FixedKey() {
  static EVP_PKEY* key = [] {
    const std::string seed(32, '\x42');
    return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                        reinterpret_cast<const unsigned char*>(seed.data()),
                                        seed.size());
  }();
  return key;
}

std::string Sign(const std::string& data) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string sig(64, '\0');
  std::size_t len = sig.size();
  LK_FUZZ_CHECK(EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, FixedKey()) == 1 &&
                EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                               reinterpret_cast<const unsigned char*>(data.data()),
                               data.size()) == 1);
  EVP_MD_CTX_free(ctx);
  return sig;
}

// The fixed key as a COSE_Key: {1: 1 (OKP), 3: -8 (EdDSA), -1: 6 (Ed25519), -2: x}.
std::string FixedCoseKey() {
  unsigned char x[32];
  std::size_t len = sizeof(x);
  LK_FUZZ_CHECK(EVP_PKEY_get_raw_public_key(FixedKey(), x, &len) == 1);
  return std::string("\xa4\x01\x01\x03\x27\x20\x06\x21\x58\x20", 10) +
         std::string(reinterpret_cast<const char*>(x), len);
}

std::string Bytes(const std::string& b) {
  // CBOR byte string head with a 2-byte length (inputs are below 64 KiB).
  return std::string{'\x59', static_cast<char>(b.size() >> 8), static_cast<char>(b.size() & 0xff)} +
         b;
}

void CheckRefusal(const latchkey::Error& error) {
  LK_FUZZ_CHECK(error.kind == ErrorKind::kInvalidArgument);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  wa::RelyingParty rp;
  rp.rp_id = "localhost";
  rp.origins = {"http://localhost:3000"};
  const std::uint8_t mode = in.Byte();
  rp.require_user_verification = (mode & 0x10) != 0;

  if ((mode & 3) == 1 || (mode & 3) == 2) {
    wa::AuthenticationInput a;
    a.client_data_json = Field(in);
    a.authenticator_data = Field(in);
    a.expected_challenge = "AAAA";
    if ((mode & 3) == 1) {
      a.signature = Field(in);
      a.public_key = Field(in);
      a.credential_id = Field(in);
      a.stored_sign_count = in.Byte();
    } else {
      a.signature = Sign(a.authenticator_data + latchkey::crypto::Sha256(a.client_data_json));
      a.public_key = FixedCoseKey();
      a.credential_id = "id";
    }
    auto result = wa::VerifyAuthentication(rp, a);
    if (!result) {
      CheckRefusal(result.error());
      return 0;
    }
    LK_FUZZ_CHECK(result->sign_count == 0 || result->sign_count > a.stored_sign_count ||
                  result->counter_regressed);
    return 0;
  }

  wa::RegistrationInput r;
  const bool packed = (mode & 3) == 3 && (in.Byte() & 1) != 0;
  r.client_data_json = Field(in);
  r.expected_challenge = "AAAA";
  if ((mode & 3) == 0) {
    r.attestation_object = Field(in);
    r.credential_id = Field(in);
  } else {
    const std::string auth_data = Field(in);
    // rawId from the attested credential data, when there is room for it.
    if (auth_data.size() >= 55) {
      const std::size_t n = (std::size_t{static_cast<std::uint8_t>(auth_data[53])} << 8) |
                            static_cast<std::uint8_t>(auth_data[54]);
      r.credential_id = auth_data.substr(55, n);
    }
    std::string statement = "\xa0";
    if (packed) {
      const std::string sig = Sign(auth_data + latchkey::crypto::Sha256(r.client_data_json));
      statement =
          "\xa2\x63"
          "alg"
          "\x27"
          "\x63"
          "sig" +
          Bytes(sig);
    }
    r.attestation_object = std::string(
                               "\xa3\x63"
                               "fmt") +
                           (packed ? "\x66packed" : "\x64none") +
                           "\x67"
                           "attStmt" +
                           statement +
                           "\x68"
                           "authData" +
                           Bytes(auth_data);
  }
  auto result = wa::VerifyRegistration(rp, r);
  if (!result) {
    CheckRefusal(result.error());
    return 0;
  }
  LK_FUZZ_CHECK(result->credential_id == r.credential_id);
  LK_FUZZ_CHECK(result->algorithm == wa::kEs256 || result->algorithm == wa::kEdDsa ||
                result->algorithm == wa::kRs256);
  LK_FUZZ_CHECK(!result->attestation_format.empty());
  auto again = wa::ParseCoseKey(result->public_key);
  LK_FUZZ_CHECK(again.has_value() && again->alg == result->algorithm);
  return 0;
}
