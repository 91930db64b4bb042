// Key generation, private-key serialisation and the raw sign/verify
// primitives. EdDSA uses libsodium (about twice OpenSSL 3.0's Ed25519 speed);
// ES256 and RS256 use OpenSSL's EVP interface on a key loaded once.
#include "crypto/jose/key.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>

#include "crypto/jose/errors.h"
#include "crypto/jose/key_internal.h"
#include "crypto/random.h"

namespace latchkey::crypto::jose {
namespace {

using internal::EvpPkeyPtr;
using internal::KeyData;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};

// SHA-256 fetched once: EVP_sha256() would make every sign and verify look
// the algorithm up in the default provider again.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

const unsigned char* U8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The OpenSSL key must be of the algorithm's type: P-256 for ES256, RSA of
// 2048..8192 bits for RS256.
bool PkeyMatches(const EVP_PKEY* pkey, Algorithm alg) {
  if (alg == Algorithm::kES256) {
    char group[32] = {};
    std::size_t len = 0;
    if (!EVP_PKEY_is_a(pkey, "EC") ||
        EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &len) != 1) {
      return false;
    }
    std::string_view name(group, len);
    return name == "prime256v1" || name == "P-256";
  }
  int bits = EVP_PKEY_get_bits(pkey);
  return alg == Algorithm::kRS256 && EVP_PKEY_is_a(pkey, "RSA") && bits >= internal::kMinRsaBits &&
         bits <= internal::kMaxRsaBits;
}

Result<std::shared_ptr<KeyData>> FromPkey(Algorithm alg, EvpPkeyPtr pkey, std::string_view kid) {
  if (!pkey || !PkeyMatches(pkey.get(), alg)) {
    return Fail(MakeError(kInvalidPrivateKey, "key type does not match algorithm"));
  }
  auto data = std::make_shared<KeyData>();
  data->alg = alg;
  data->has_private = true;
  data->signature_bytes =
      alg == Algorithm::kES256 ? 64 : static_cast<std::size_t>(EVP_PKEY_get_size(pkey.get()));
  data->pkey = std::move(pkey);
  LK_TRY(internal::DescribeKey(*data, kid));
  return data;
}

Result<std::shared_ptr<KeyData>> FromSeed(std::string_view seed, std::string_view kid) {
  if (seed.size() != internal::kEd25519SeedBytes) {
    return Fail(MakeError(kInvalidPrivateKey, "Ed25519 seed must be 32 bytes"));
  }
  InitCrypto();
  auto data = std::make_shared<KeyData>();
  data->alg = Algorithm::kEdDSA;
  data->has_private = true;
  crypto_sign_seed_keypair(data->ed_public.data(), data->ed_secret.data(), U8(seed));
  LK_TRY(internal::DescribeKey(*data, kid));
  return data;
}

// OpenSSL's ECDSA output is DER SEQUENCE{r, s}; JOSE wants R||S, each left-
// padded to 32 bytes (RFC 7518 §3.4).
Result<std::string> DerToJose(const std::string& der) {
  const unsigned char* p = U8(der);
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return Fail(InternalError("d2i_ECDSA_SIG"));
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(64, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, o, 32) != 32 || BN_bn2binpad(s, o + 32, 32) != 32) {
    return Fail(InternalError("BN_bn2binpad"));
  }
  return out;
}

// The DER form of a JOSE R||S signature, or empty if r or s is zero (CVE-
// 2022-21449 "psychic signatures"; OpenSSL refuses them too, this makes the
// rule explicit). Range checks against the group order stay with OpenSSL.
std::string JoseToDer(std::string_view raw) {
  static constexpr unsigned char kZero[32] = {};
  if (std::memcmp(raw.data(), kZero, 32) == 0 || std::memcmp(raw.data() + 32, kZero, 32) == 0) {
    return {};
  }
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(U8(raw), 32, nullptr);
  BIGNUM* s = BN_bin2bn(U8(raw) + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<std::string> EvpSign(const KeyData& data, std::string_view input) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, Sha256Md(), nullptr, data.pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, U8(input), input.size()) != 1) {
    return Fail(InternalError("EVP_DigestSignInit"));
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, U8(input),
                     input.size()) != 1) {
    return Fail(InternalError("EVP_DigestSign"));
  }
  sig.resize(len);
  if (data.alg == Algorithm::kES256) return DerToJose(sig);
  return sig;
}

bool EvpVerify(const KeyData& data, std::string_view input, std::string_view sig) {
  std::string der;
  if (data.alg == Algorithm::kES256) {
    der = JoseToDer(sig);
    if (der.empty()) return false;
    sig = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  return ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, Sha256Md(), nullptr, data.pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), U8(sig), sig.size(), U8(input), input.size()) == 1;
}

}  // namespace

std::string_view AlgorithmName(Algorithm alg) {
  switch (alg) {
    case Algorithm::kEdDSA:
      return "EdDSA";
    case Algorithm::kES256:
      return "ES256";
    case Algorithm::kRS256:
      return "RS256";
  }
  return "";
}

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  if (name == "EdDSA" || name == "Ed25519") return Algorithm::kEdDSA;
  if (name == "ES256") return Algorithm::kES256;
  if (name == "RS256") return Algorithm::kRS256;
  return std::nullopt;
}

// ---------------------------------------------------------------- VerifyKey

Result<VerifyKey> VerifyKey::FromJwk(std::string_view jwk_json) {
  LK_ASSIGN_OR_RETURN(auto data, internal::ParsePublicJwk(jwk_json));
  return VerifyKey(std::move(data));
}

Algorithm VerifyKey::alg() const { return data_->alg; }
const std::string& VerifyKey::kid() const { return data_->kid; }
const std::string& VerifyKey::thumbprint() const { return data_->thumbprint; }
const std::string& VerifyKey::public_jwk() const { return data_->public_jwk; }

bool VerifyKey::VerifySignature(std::string_view signing_input, std::string_view signature) const {
  if (signature.size() != data_->signature_bytes) return false;
  if (data_->alg == Algorithm::kEdDSA) {
    return crypto_sign_verify_detached(U8(signature), U8(signing_input), signing_input.size(),
                                       data_->ed_public.data()) == 0;
  }
  return EvpVerify(*data_, signing_input, signature);
}

// --------------------------------------------------------------- SigningKey

Result<SigningKey> SigningKey::Generate(Algorithm alg, int rsa_bits) {
  switch (alg) {
    case Algorithm::kEdDSA: {
      std::string seed = RandomBytes(internal::kEd25519SeedBytes);
      auto data = FromSeed(seed, {});
      sodium_memzero(seed.data(), seed.size());
      if (!data) return Fail(std::move(data).error());
      return SigningKey(std::move(*data));
    }
    case Algorithm::kES256: {
      LK_ASSIGN_OR_RETURN(auto data, FromPkey(alg, EvpPkeyPtr(EVP_EC_gen("P-256")), {}));
      return SigningKey(std::move(data));
    }
    case Algorithm::kRS256: {
      if (rsa_bits < internal::kMinRsaBits || rsa_bits > internal::kMaxRsaBits) {
        return Fail(MakeError(kInvalidPrivateKey, "RSA size out of range"));
      }
      EvpPkeyPtr pkey(EVP_RSA_gen(static_cast<unsigned int>(rsa_bits)));
      if (!pkey) return Fail(InternalError("EVP_RSA_gen"));
      LK_ASSIGN_OR_RETURN(auto data, FromPkey(alg, std::move(pkey), {}));
      return SigningKey(std::move(data));
    }
  }
  return Fail(InternalError("unknown algorithm"));
}

Result<SigningKey> SigningKey::FromPrivateBytes(Algorithm alg, std::string_view bytes,
                                                std::string_view kid) {
  if (alg == Algorithm::kEdDSA) {
    LK_ASSIGN_OR_RETURN(auto data, FromSeed(bytes, kid));
    return SigningKey(std::move(data));
  }
  const unsigned char* p = U8(bytes);
  PKCS8_PRIV_KEY_INFO* p8 = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(bytes.size()));
  if (p8 == nullptr || p != U8(bytes) + bytes.size()) {
    PKCS8_PRIV_KEY_INFO_free(p8);
    return Fail(MakeError(kInvalidPrivateKey, "not PKCS#8 DER"));
  }
  EvpPkeyPtr pkey(EVP_PKCS82PKEY(p8));
  PKCS8_PRIV_KEY_INFO_free(p8);
  LK_ASSIGN_OR_RETURN(auto data, FromPkey(alg, std::move(pkey), kid));
  return SigningKey(std::move(data));
}

Result<std::string> SigningKey::PrivateBytes() const {
  if (data_->alg == Algorithm::kEdDSA) {
    return std::string(reinterpret_cast<const char*>(data_->ed_secret.data()),
                       internal::kEd25519SeedBytes);
  }
  PKCS8_PRIV_KEY_INFO* p8 = EVP_PKEY2PKCS8(data_->pkey.get());
  unsigned char* der = nullptr;
  int len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
  PKCS8_PRIV_KEY_INFO_free(p8);
  if (len <= 0) return Fail(InternalError("i2d_PKCS8_PRIV_KEY_INFO"));
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_clear_free(der, static_cast<std::size_t>(len));
  return out;
}

Algorithm SigningKey::alg() const { return data_->alg; }
const std::string& SigningKey::kid() const { return data_->kid; }
const std::string& SigningKey::PublicJwk() const { return data_->public_jwk; }
VerifyKey SigningKey::verify_key() const { return VerifyKey(data_); }
const std::string& SigningKey::jwt_header_b64() const { return data_->jwt_header_b64; }

Result<std::string> SigningKey::SignBytes(std::string_view signing_input) const {
  if (data_->alg == Algorithm::kEdDSA) {
    std::string sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, U8(signing_input),
                         signing_input.size(), data_->ed_secret.data());
    return sig;
  }
  return EvpSign(*data_, signing_input);
}

}  // namespace latchkey::crypto::jose
