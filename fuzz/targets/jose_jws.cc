// crypto/jose Verify(): compact JWS/JWT from an Authorization header or a
// refresh request. Two modes, chosen by the first byte:
//  * raw: the rest is the token, verified against EdDSA, ES256 and RS256 keys
//    (kids "ed", "es", "rs");
//  * forged: the rest is "header JSON \0 claims JSON", base64url-encoded and
//    validly signed with the EdDSA key, so the fuzzer reaches the header
//    checks, the claim parser and the time/issuer/audience checks.
// Properties: no crash; a token that verifies has a header whose alg is the
// key's, no forbidden header, and (when asked) exp in the future, the issuer
// and audience asked for.
#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/encoding.h"
#include "crypto/jose/jws.h"
#include "crypto/jose/key.h"
#include "crypto/jose/key_set.h"
#include "fuzz_input.h"

namespace {

namespace jose = latchkey::crypto::jose;
using latchkey::crypto::Base64UrlEncode;

constexpr std::int64_t kNow = 1'700'000'000;

struct Keys {
  jose::SigningKey ed;
  jose::KeySet set;
};

// The EdDSA key is fixed (a constant seed) so inputs replay identically; the
// others only ever see forged signatures, so a fresh key per process is fine.
Keys MakeKeys() {
  const std::string seed(32, '\x42');
  jose::SigningKey ed =
      jose::SigningKey::FromPrivateBytes(jose::Algorithm::kEdDSA, seed, "ed").value();
  jose::SigningKey es_fresh = jose::SigningKey::Generate(jose::Algorithm::kES256).value();
  jose::SigningKey es = jose::SigningKey::FromPrivateBytes(jose::Algorithm::kES256,
                                                           es_fresh.PrivateBytes().value(), "es")
                            .value();
  jose::SigningKey rs_fresh = jose::SigningKey::Generate(jose::Algorithm::kRS256).value();
  jose::SigningKey rs = jose::SigningKey::FromPrivateBytes(jose::Algorithm::kRS256,
                                                           rs_fresh.PrivateBytes().value(), "rs")
                            .value();
  Keys keys{ed, {}};
  for (const jose::SigningKey* k : {&ed, &es, &rs}) (void)keys.set.Add(k->verify_key());
  return keys;
}

const Keys& TheKeys() {
  static const Keys keys = MakeKeys();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Keys& keys = TheKeys();
  latchkey::fuzz::FuzzInput in(data, size);
  const std::uint8_t mode = in.Byte();
  jose::VerifyOptions options;
  options.now = kNow;
  options.leeway_seconds = static_cast<std::int8_t>(in.Byte());  // clamped by Verify
  options.require_exp = (mode & 2) != 0;
  if ((mode & 4) != 0) options.issuer = "https://issuer.test";
  if ((mode & 8) != 0) options.audience = "aud-1";
  if ((mode & 16) != 0) options.typ = "at+jwt";

  std::string token;
  if ((mode & 1) == 0) {
    token = std::string(in.Rest());
  } else {
    const std::string_view header = in.Until('\0');
    const std::string_view claims = in.Rest();
    std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
    token = input + "." + Base64UrlEncode(keys.ed.SignBytes(input).value());
  }
  auto verified = jose::Verify(token, keys.set, options);
  if (!verified) {
    LK_FUZZ_CHECK(!verified.error().code.empty());
    return 0;
  }
  LK_FUZZ_CHECK(keys.set.Find(verified->kid) != nullptr);
  LK_FUZZ_CHECK(keys.set.Find(verified->kid)->alg() == verified->alg);
  const auto& claims = verified->claims;
  if (options.require_exp) {
    const auto* exp = claims.if_contains("exp");
    LK_FUZZ_CHECK(exp != nullptr && exp->is_number());
    LK_FUZZ_CHECK(exp->to_number<double>() + 60 > static_cast<double>(kNow));
  }
  if (!options.issuer.empty()) {
    const auto* iss = claims.if_contains("iss");
    LK_FUZZ_CHECK(iss != nullptr && iss->is_string() && iss->get_string() == options.issuer);
  }
  if (!options.audience.empty()) LK_FUZZ_CHECK(claims.contains("aud"));
  return 0;
}
