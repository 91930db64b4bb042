// SHA/HMAC/HKDF. SHA-256 and HMAC-SHA256 sit on the session hot path (every
// cookie check hashes and verifies once), so they use libsodium, which needs
// no per-call algorithm fetch (OpenSSL 3's one-shot HMAC() and EVP_Digest()
// look the algorithm up on every call: several times slower for short
// inputs). SHA-1 and HKDF go through OpenSSL's EVP interfaces; a failure
// there means OpenSSL could not allocate or fetch a built-in algorithm, so
// the infallible signatures abort instead of returning a wrong digest.
#include "crypto/hash.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "crypto/errors.h"
#include "crypto/openssl_bytes.h"

namespace latchkey::crypto {
namespace {

const unsigned char* Bytes(std::string_view s) { return OpenSslBytes(s); }

[[noreturn]] void DieOpenSsl(const char* what) {
  std::fprintf(stderr, "latchkey: OpenSSL %s failed\n", what);
  std::abort();
}

std::string Digest(const EVP_MD* md, std::string_view data, std::size_t size) {
  std::string out(size, '\0');
  unsigned int len = 0;
  if (EVP_Digest(Bytes(data), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len, md,
                 nullptr) != 1 ||
      len != size) {
    DieOpenSsl("EVP_Digest");
  }
  return out;
}

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

}  // namespace

std::string Sha256(std::string_view data) {
  std::string out(kSha256Bytes, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), Bytes(data), data.size());
  return out;
}

std::string Sha1(std::string_view data) { return Digest(EVP_sha1(), data, kSha1Bytes); }

std::string HmacSha256(std::string_view key, std::string_view message) {
  // The init/update/final form takes a key of any length (RFC 2104: keys
  // longer than the block are hashed first), unlike crypto_auth_hmacsha256.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, Bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, Bytes(message), message.size());
  std::string out(kSha256Bytes, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
  sodium_memzero(&state, sizeof(state));  // it holds key-derived pads
  return out;
}

Result<std::string> HkdfSha256(std::string_view ikm, std::string_view salt, std::string_view info,
                               std::size_t length) {
  if (length == 0 || length > 255 * kSha256Bytes) {
    return Fail(MakeError(kInvalidKeyLength, "HKDF length out of range"));
  }
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (!kdf) return Fail(InternalError("EVP_KDF_fetch(HKDF) failed"));
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return Fail(InternalError("EVP_KDF_CTX_new failed"));

  // OSSL_PARAM wants non-const pointers but only reads through them.
  char digest[] = "SHA256";
  OSSL_PARAM params[5];
  OSSL_PARAM* p = params;
  *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                           const_cast<unsigned char*>(Bytes(ikm)), ikm.size());
  // An absent salt and an empty one are the same in RFC 5869: HMAC pads the
  // empty key with zeros to the block size.
  if (!salt.empty()) {
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                             const_cast<unsigned char*>(Bytes(salt)), salt.size());
  }
  if (!info.empty()) {
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                             const_cast<unsigned char*>(Bytes(info)), info.size());
  }
  *p = OSSL_PARAM_construct_end();

  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) !=
      1) {
    return Fail(InternalError("EVP_KDF_derive(HKDF) failed"));
  }
  return out;
}

}  // namespace latchkey::crypto
