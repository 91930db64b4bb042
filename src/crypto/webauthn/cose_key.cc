// COSE_Key parsing into an OpenSSL key, and the signature primitives.
#include "crypto/webauthn/cose_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <initializer_list>

#include "crypto/random.h"
#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/errors.h"
#include "crypto/webauthn/webauthn.h"

namespace latchkey::crypto::webauthn {
namespace {

// COSE key types and labels (RFC 9052 §7.1, RFC 9053 §7, RFC 8230 §4).
constexpr std::int64_t kKtyOkp = 1, kKtyEc2 = 2, kKtyRsa = 3;
constexpr std::int64_t kLabelKty = 1, kLabelKid = 2, kLabelAlg = 3, kLabelKeyOps = 4;
constexpr std::int64_t kCrvP256 = 1, kCrvEd25519 = 6;
constexpr int kMinRsaBits = 2048, kMaxRsaBits = 8192, kMaxRsaExponentBits = 64;

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

const unsigned char* U8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Error BadKey(const char* detail) { return MakeError(kBadCoseKey, detail); }

// Every label of `map` is an integer in `allowed`: no private member (EC2
// and OKP d, RSA d/p/q/...), nothing we would silently ignore.
bool OnlyLabels(const cbor_item_t* map, std::initializer_list<std::int64_t> allowed) {
  const cbor_pair* pairs = cbor_map_handle(map);
  for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
    auto label = cbor::Int(pairs[i].key);
    if (!label) return false;
    bool known = false;
    for (std::int64_t a : allowed) known = known || a == *label;
    if (!known) return false;
  }
  return true;
}

Result<EvpPkeyPtr> FromParams(const char* type, OSSL_PARAM_BLD* bld, bool check) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return Fail(BadKey("OpenSSL refused the key"));
  }
  EvpPkeyPtr pkey(raw);
  if (check) {
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check_ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check_ctx || EVP_PKEY_public_check(check_ctx.get()) != 1) {
      ERR_clear_error();
      return Fail(BadKey("point not on the curve"));
    }
  }
  return pkey;
}

Result<void> LoadEc2(const cbor_item_t* map, CoseKey& key) {
  if (!OnlyLabels(map, {kLabelKty, kLabelKid, kLabelAlg, kLabelKeyOps, -1, -2, -3})) {
    return Fail(BadKey("unknown or private EC2 member"));
  }
  auto x = cbor::Bytes(cbor::Find(map, -2));
  auto y = cbor::Bytes(cbor::Find(map, -3));  // a bool here is a compressed point: refused
  if (cbor::Int(cbor::Find(map, -1)) != kCrvP256) return Fail(BadKey("EC2 curve is not P-256"));
  if (!x || !y || x->size() != 32 || y->size() != 32) {
    return Fail(BadKey("EC2 coordinates are not 32 bytes each"));
  }
  key.x.assign(*x);
  key.y.assign(*y);
  std::string point = "\x04" + key.x + key.y;
  std::unique_ptr<OSSL_PARAM_BLD, ParamDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Fail(InternalError("OSSL_PARAM_BLD"));
  }
  LK_ASSIGN_OR_RETURN(key.pkey, FromParams("EC", bld.get(), /*check=*/true));
  return {};
}

Result<void> LoadOkp(const cbor_item_t* map, CoseKey& key) {
  if (!OnlyLabels(map, {kLabelKty, kLabelKid, kLabelAlg, kLabelKeyOps, -1, -2})) {
    return Fail(BadKey("unknown or private OKP member"));
  }
  if (cbor::Int(cbor::Find(map, -1)) != kCrvEd25519) {
    return Fail(BadKey("OKP curve is not Ed25519"));
  }
  auto x = cbor::Bytes(cbor::Find(map, -2));
  if (!x || x->size() != 32) return Fail(BadKey("Ed25519 key is not 32 bytes"));
  // On the curve, canonical, not of small order (libsodium's check).
  InitCrypto();
  if (crypto_core_ed25519_is_valid_point(U8(*x)) != 1) {
    return Fail(BadKey("Ed25519 point invalid or of small order"));
  }
  key.x.assign(*x);
  key.pkey.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, U8(*x), x->size()));
  if (!key.pkey) {
    ERR_clear_error();
    return Fail(BadKey("OpenSSL refused the Ed25519 key"));
  }
  return {};
}

Result<void> LoadRsa(const cbor_item_t* map, CoseKey& key) {
  if (!OnlyLabels(map, {kLabelKty, kLabelKid, kLabelAlg, kLabelKeyOps, -1, -2})) {
    return Fail(BadKey("unknown or private RSA member"));
  }
  auto n = cbor::Bytes(cbor::Find(map, -1));
  auto e = cbor::Bytes(cbor::Find(map, -2));
  if (!n || !e || n->empty() || e->empty() || n->size() > kMaxRsaBits / 8 + 1 ||
      e->size() > kMaxRsaExponentBits / 8) {
    return Fail(BadKey("RSA n or e missing or of a wrong size"));
  }
  BnPtr bn_n(BN_bin2bn(U8(*n), static_cast<int>(n->size()), nullptr));
  BnPtr bn_e(BN_bin2bn(U8(*e), static_cast<int>(e->size()), nullptr));
  if (!bn_n || !bn_e) return Fail(InternalError("BN_bin2bn"));
  const int bits = BN_num_bits(bn_n.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits || !BN_is_odd(bn_n.get())) {
    return Fail(BadKey("RSA modulus not odd or outside 2048..8192 bits"));
  }
  if (!BN_is_odd(bn_e.get()) || BN_is_one(bn_e.get())) {
    return Fail(BadKey("RSA exponent not odd or below 3"));
  }
  key.n.assign(*n);
  key.e.assign(*e);
  std::unique_ptr<OSSL_PARAM_BLD, ParamDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return Fail(InternalError("OSSL_PARAM_BLD"));
  }
  // No EVP_PKEY_public_check: for RSA it runs Miller-Rabin with random
  // bases, so a crafted modulus could pass once and fail the next time.
  LK_ASSIGN_OR_RETURN(key.pkey, FromParams("RSA", bld.get(), /*check=*/false));
  return {};
}

bool IsP256(EVP_PKEY* key) {
  char group[32] = {};
  std::size_t len = 0;
  if (!EVP_PKEY_is_a(key, "EC") ||
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &len) !=
          1) {
    ERR_clear_error();
    return false;
  }
  std::string_view name(group, len);
  return name == "prime256v1" || name == "P-256";
}

}  // namespace

Result<CoseKey> ParseCoseKey(std::string_view bytes) {
  LK_ASSIGN_OR_RETURN(cbor::ItemPtr map, cbor::Parse(bytes));
  if (!cbor_isa_map(map.get())) return Fail(BadKey("not a map"));
  auto kty = cbor::Int(cbor::Find(map.get(), kLabelKty));
  auto alg = cbor::Int(cbor::Find(map.get(), kLabelAlg));
  if (!kty || !alg) return Fail(BadKey("kty or alg missing or not an integer"));
  const cbor_item_t* kid = cbor::Find(map.get(), kLabelKid);
  const cbor_item_t* key_ops = cbor::Find(map.get(), kLabelKeyOps);
  if ((kid != nullptr && !cbor::Bytes(kid)) || (key_ops != nullptr && !cbor_isa_array(key_ops))) {
    return Fail(BadKey("kid or key_ops of the wrong type"));
  }
  if (*alg != kEs256 && *alg != kEdDsa && *alg != kRs256) {
    return Fail(MakeError(kUnsupportedAlgorithm, "COSE alg " + std::to_string(*alg)));
  }
  CoseKey key;
  key.alg = static_cast<int>(*alg);
  if (*alg == kEs256 && *kty == kKtyEc2) {
    LK_TRY(LoadEc2(map.get(), key));
  } else if (*alg == kEdDsa && *kty == kKtyOkp) {
    LK_TRY(LoadOkp(map.get(), key));
  } else if (*alg == kRs256 && *kty == kKtyRsa) {
    LK_TRY(LoadRsa(map.get(), key));
  } else {
    return Fail(BadKey("kty does not match alg"));
  }
  return key;
}

bool KeyFitsAlgorithm(int alg, EVP_PKEY* key) {
  if (key == nullptr) return false;
  switch (alg) {
    case kEs256:
      return IsP256(key);
    case kEdDsa:
      return EVP_PKEY_is_a(key, "ED25519") != 0;
    case kRs256:
    case kRs1:
      return EVP_PKEY_is_a(key, "RSA") != 0 && EVP_PKEY_get_bits(key) >= kMinRsaBits;
    default:
      return false;
  }
}

bool VerifySignature(int alg, EVP_PKEY* key, std::string_view data, std::string_view signature) {
  if (!KeyFitsAlgorithm(alg, key) || signature.empty()) return false;
  const EVP_MD* md = nullptr;
  if (alg == kEs256 || alg == kRs256) md = EVP_sha256();
  if (alg == kRs1) md = EVP_sha1();
  if (alg == kEdDsa && signature.size() != 64) return false;
  if ((alg == kRs256 || alg == kRs1) &&
      signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key))) {
    return false;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) == 1 &&
      EVP_DigestVerify(ctx.get(), U8(signature), signature.size(), U8(data), data.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace latchkey::crypto::webauthn
