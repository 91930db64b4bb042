// AES-256-GCM over OpenSSL 3's EVP interface. The cipher is fetched once
// (EVP_aes_256_gcm() would re-fetch it from the provider on every init).
#include "crypto/aead.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <memory>

#include "crypto/errors.h"
#include "crypto/hash.h"
#include "crypto/openssl_bytes.h"
#include "crypto/random.h"

namespace latchkey::crypto {
namespace {

constexpr std::string_view kHkdfSalt = "latchkey:aead:v1";

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

const unsigned char* U8(std::string_view s) { return OpenSslBytes(s); }
unsigned char* U8(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

int Len(std::string_view s) { return static_cast<int>(s.size()); }

}  // namespace

Result<AeadKey> AeadKey::FromBytes(std::string_view key) {
  if (key.size() != kAeadKeyBytes) {
    return Fail(MakeError(kInvalidKeyLength, "AES-256-GCM key must be 32 bytes"));
  }
  AeadKey out;
  std::copy(key.begin(), key.end(), out.bytes_.begin());
  return out;
}

AeadKey::~AeadKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

Result<AeadKey> DeriveKey(std::string_view secret, std::string_view info) {
  if (secret.empty()) return Fail(MakeError(kInvalidKeyLength, "empty secret"));
  LK_ASSIGN_OR_RETURN(std::string bytes, HkdfSha256(secret, kHkdfSalt, info, kAeadKeyBytes));
  auto key = AeadKey::FromBytes(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return key;
}

Result<std::string> Seal(const AeadKey& key, std::string_view plaintext,
                         std::string_view associated_data) {
  if (plaintext.size() > (1u << 30) || associated_data.size() > (1u << 30)) {
    return Fail(InternalError("AEAD input too large"));
  }
  std::string out = RandomBytes(kAeadNonceBytes);
  out.resize(kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  unsigned char* body = U8(out) + kAeadNonceBytes;
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), Aes256Gcm(), key.data(), U8(out), nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, U8(associated_data), Len(associated_data)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, U8(plaintext), Len(plaintext)) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &final_len) != 1 ||
      static_cast<std::size_t>(len) + static_cast<std::size_t>(final_len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagBytes),
                          body + plaintext.size()) != 1) {
    return Fail(InternalError("AES-256-GCM seal"));
  }
  return out;
}

Result<std::string> Open(const AeadKey& key, std::string_view sealed,
                         std::string_view associated_data) {
  if (sealed.size() < kAeadOverheadBytes || sealed.size() > (1u << 30) ||
      associated_data.size() > (1u << 30)) {
    return Fail(MakeError(kDecryptionFailed, "sealed input has a bad length"));
  }
  const std::string_view nonce = sealed.substr(0, kAeadNonceBytes);
  const std::string_view body = sealed.substr(kAeadNonceBytes, sealed.size() - kAeadOverheadBytes);
  std::string tag(sealed.substr(sealed.size() - kAeadTagBytes));  // ctrl wants non-const
  std::string out(body.size(), '\0');
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (!ctx || EVP_DecryptInit_ex2(ctx.get(), Aes256Gcm(), key.data(), U8(nonce), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagBytes),
                          tag.data()) != 1) {
    return Fail(InternalError("AES-256-GCM open setup"));
  }
  unsigned char* dst = out.empty() ? nullptr : U8(out);
  unsigned char scratch[16];
  if (EVP_DecryptUpdate(ctx.get(), nullptr, &len, U8(associated_data), Len(associated_data)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), dst ? dst : scratch, &len, U8(body), Len(body)) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), (dst ? dst : scratch) + len, &final_len) != 1) {
    // The tag did not verify: wipe whatever was decrypted before failing.
    sodium_memzero(out.data(), out.size());
    return Fail(MakeError(kDecryptionFailed));
  }
  return out;
}

}  // namespace latchkey::crypto
