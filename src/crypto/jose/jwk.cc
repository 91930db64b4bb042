// JWK export (public JWK, RFC 7638 thumbprint, cached JWT header) and public
// JWK import. Import is strict because a JWK may come from a remote JWKS:
// every member is type-checked, key material is validated (curve membership,
// small-order points, RSA size) and private members are refused outright.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/jose/errors.h"
#include "crypto/jose/key_internal.h"
#include "crypto/jose/strict_json.h"

namespace latchkey::crypto::jose::internal {
namespace json = boost::json;
namespace {

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

struct ParamDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

// base64url of a BIGNUM: minimal big-endian (RSA n, e) or left-padded to
// `width` bytes (EC coordinates, RFC 7518 §6.2.1.2).
Result<std::string> BnParam(const EVP_PKEY* pkey, const char* name, int width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    return Fail(InternalError(std::string("EVP_PKEY_get_bn_param ") + name));
  }
  BnPtr bn(raw);
  int size = width > 0 ? width : BN_num_bytes(bn.get());
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()), size) != size) {
    return Fail(InternalError("BN_bn2binpad"));
  }
  return Base64UrlEncode(bytes);
}

// The public members, base64url: (crv or e, x or n, y).
struct PublicMembers {
  std::string a, b, c;
};

Result<PublicMembers> ExportPublic(const KeyData& data) {
  PublicMembers m;
  switch (data.alg) {
    case Algorithm::kEdDSA:
      m.a = Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(data.ed_public.data()),
                                             data.ed_public.size()));
      return m;
    case Algorithm::kES256: {
      LK_ASSIGN_OR_RETURN(m.a, BnParam(data.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32));
      LK_ASSIGN_OR_RETURN(m.b, BnParam(data.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32));
      return m;
    }
    case Algorithm::kRS256: {
      LK_ASSIGN_OR_RETURN(m.a, BnParam(data.pkey.get(), OSSL_PKEY_PARAM_RSA_N, 0));
      LK_ASSIGN_OR_RETURN(m.b, BnParam(data.pkey.get(), OSSL_PKEY_PARAM_RSA_E, 0));
      return m;
    }
  }
  return Fail(InternalError("unknown algorithm"));
}

Error JwkError(std::string detail) { return MakeError(kInvalidJwk, std::move(detail)); }

// A required base64url string member, decoded. `size` 0 = any length.
Result<std::string> B64Member(const json::object& jwk, std::string_view name, std::size_t size) {
  const json::value* v = jwk.if_contains(name);
  if (v == nullptr || !v->is_string()) return Fail(JwkError(std::string(name) + " missing"));
  std::string_view text = v->get_string();
  if (!IsBase64UrlText(text)) return Fail(JwkError(std::string(name) + " not base64url"));
  auto bytes = Base64UrlDecode(text);
  if (!bytes || (size != 0 && bytes->size() != size)) {
    return Fail(JwkError(std::string(name) + " bad length"));
  }
  return std::move(*bytes);
}

bool StringMemberIs(const json::object& jwk, std::string_view name, std::string_view want) {
  const json::value* v = jwk.if_contains(name);
  return v != nullptr && v->is_string() && v->get_string() == want;
}

// Builds an EVP_PKEY of `type` ("EC"/"RSA") from public parameters and checks it.
Result<EvpPkeyPtr> PkeyFromParams(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return Fail(JwkError(std::string(type) + " key rejected by OpenSSL"));
  }
  EvpPkeyPtr pkey(raw);
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    return Fail(JwkError(std::string(type) + " public key check failed"));
  }
  return pkey;
}

Result<void> LoadOkp(const json::object& jwk, KeyData& data) {
  if (!StringMemberIs(jwk, "crv", "Ed25519")) return Fail(JwkError("OKP crv must be Ed25519"));
  LK_ASSIGN_OR_RETURN(std::string x, B64Member(jwk, "x", kEd25519PublicBytes));
  std::copy(x.begin(), x.end(), data.ed_public.begin());
  // Refuses small-order and non-canonical points up front (libsodium's
  // verify refuses them too; this makes the JWK itself invalid).
  if (crypto_core_ed25519_is_valid_point(data.ed_public.data()) != 1) {
    return Fail(JwkError("Ed25519 point invalid"));
  }
  data.alg = Algorithm::kEdDSA;
  return {};
}

Result<void> LoadEc(const json::object& jwk, KeyData& data) {
  if (!StringMemberIs(jwk, "crv", "P-256")) return Fail(JwkError("EC crv must be P-256"));
  LK_ASSIGN_OR_RETURN(std::string x, B64Member(jwk, "x", 32));
  LK_ASSIGN_OR_RETURN(std::string y, B64Member(jwk, "y", 32));
  std::string point = "\x04" + x + y;  // SEC1 uncompressed
  std::unique_ptr<OSSL_PARAM_BLD, ParamDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Fail(InternalError("OSSL_PARAM_BLD"));
  }
  LK_ASSIGN_OR_RETURN(data.pkey, PkeyFromParams("EC", bld.get()));
  data.alg = Algorithm::kES256;
  data.signature_bytes = 64;
  return {};
}

Result<void> LoadRsa(const json::object& jwk, KeyData& data) {
  LK_ASSIGN_OR_RETURN(std::string n, B64Member(jwk, "n", 0));
  LK_ASSIGN_OR_RETURN(std::string e, B64Member(jwk, "e", 0));
  if (e.size() > 8) return Fail(JwkError("RSA exponent too large"));
  auto to_bn = [](const std::string& s) {
    return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(s.data()),
                           static_cast<int>(s.size()), nullptr));
  };
  BnPtr bn_n = to_bn(n), bn_e = to_bn(e);
  std::unique_ptr<OSSL_PARAM_BLD, ParamDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return Fail(InternalError("OSSL_PARAM_BLD"));
  }
  int bits = BN_num_bits(bn_n.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits) return Fail(JwkError("RSA modulus size"));
  LK_ASSIGN_OR_RETURN(data.pkey, PkeyFromParams("RSA", bld.get()));
  data.alg = Algorithm::kRS256;
  data.signature_bytes = static_cast<std::size_t>(EVP_PKEY_get_size(data.pkey.get()));
  return {};
}

}  // namespace

Result<void> DescribeKey(KeyData& data, std::string_view kid) {
  LK_ASSIGN_OR_RETURN(PublicMembers m, ExportPublic(data));
  // RFC 7638 §3.2: required members only, lexicographic order, no spaces.
  // Every value is base64url or a fixed name, so no escaping is needed.
  std::string canonical;
  std::string jwk;
  latchkey::json::ObjectWriter w(jwk);
  switch (data.alg) {
    case Algorithm::kEdDSA:
      canonical = R"({"crv":"Ed25519","kty":"OKP","x":")" + m.a + "\"}";
      w.String("kty", "OKP").String("crv", "Ed25519").String("x", m.a);
      break;
    case Algorithm::kES256:
      canonical = R"({"crv":"P-256","kty":"EC","x":")" + m.a + R"(","y":")" + m.b + "\"}";
      w.String("kty", "EC").String("crv", "P-256").String("x", m.a).String("y", m.b);
      break;
    case Algorithm::kRS256:
      canonical = R"({"e":")" + m.b + R"(","kty":"RSA","n":")" + m.a + "\"}";
      w.String("kty", "RSA").String("n", m.a).String("e", m.b);
      break;
  }
  data.thumbprint = Base64UrlEncode(Sha256(canonical));
  data.kid = kid.empty() ? data.thumbprint : std::string(kid);
  w.String("alg", AlgorithmName(data.alg)).String("use", "sig").String("kid", data.kid).Close();
  data.public_jwk = std::move(jwk);

  std::string header;
  latchkey::json::ObjectWriter h(header);
  h.String("alg", AlgorithmName(data.alg)).String("kid", data.kid).String("typ", "JWT").Close();
  data.jwt_header_b64 = Base64UrlEncode(header);
  return {};
}

Result<std::shared_ptr<KeyData>> ParsePublicJwk(std::string_view jwk_json) {
  if (jwk_json.size() > std::size_t{16} * 1024) return Fail(JwkError("JWK too large"));
  ParsedObject parsed = ParseStrictObject(jwk_json);
  if (parsed.problem != JsonProblem::kNone) return Fail(JwkError("JWK is not a strict object"));
  const json::object& jwk = parsed.object;
  // RFC 7518 §6.2.2 / §6.3.2, RFC 8037 §2: a public JWK has none of these.
  for (std::string_view priv : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
    if (jwk.contains(priv)) return Fail(JwkError("JWK holds private members"));
  }
  if (const json::value* use = jwk.if_contains("use");
      use != nullptr && (!use->is_string() || use->get_string() != "sig")) {
    return Fail(JwkError("JWK use is not sig"));
  }
  auto data = std::make_shared<KeyData>();
  if (StringMemberIs(jwk, "kty", "OKP")) {
    LK_TRY(LoadOkp(jwk, *data));
  } else if (StringMemberIs(jwk, "kty", "EC")) {
    LK_TRY(LoadEc(jwk, *data));
  } else if (StringMemberIs(jwk, "kty", "RSA")) {
    LK_TRY(LoadRsa(jwk, *data));
  } else {
    return Fail(JwkError("unsupported kty"));
  }
  // One key, one algorithm: a stated alg must be the one this kty allows.
  if (const json::value* alg = jwk.if_contains("alg")) {
    std::optional<Algorithm> stated =
        alg->is_string() ? ParseAlgorithm(alg->get_string()) : std::nullopt;
    if (stated != data->alg) return Fail(JwkError("JWK alg does not match its key type"));
  }
  std::string_view kid;
  if (const json::value* v = jwk.if_contains("kid")) {
    if (!v->is_string() || v->get_string().empty()) return Fail(JwkError("JWK kid not a string"));
    kid = v->get_string();
  }
  LK_TRY(DescribeKey(*data, kid));
  return data;
}

}  // namespace latchkey::crypto::jose::internal
