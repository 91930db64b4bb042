// KeySet: lookup, JWKS export and import.
#include "crypto/jose/key_set.h"

#include <boost/json/serialize.hpp>

#include "crypto/jose/errors.h"
#include "crypto/jose/strict_json.h"

namespace latchkey::crypto::jose {

Result<void> KeySet::Add(VerifyKey key) {
  if (Find(key.kid()) != nullptr) return Fail(MakeError(kDuplicateKid, key.kid()));
  keys_.push_back(std::move(key));
  return {};
}

const VerifyKey* KeySet::Find(std::string_view kid) const {
  for (const VerifyKey& key : keys_) {
    if (key.kid() == kid) return &key;
  }
  return nullptr;
}

std::vector<const VerifyKey*> KeySet::WithAlgorithm(Algorithm alg) const {
  std::vector<const VerifyKey*> out;
  for (const VerifyKey& key : keys_) {
    if (key.alg() == alg) out.push_back(&key);
  }
  return out;
}

std::string KeySet::ToJwksJson() const {
  std::string out = R"({"keys":[)";
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += keys_[i].public_jwk();
  }
  out += "]}";
  return out;
}

Result<KeySet> KeySet::FromJwksJson(std::string_view jwks_json) {
  if (jwks_json.size() > std::size_t{256} * 1024)
    return Fail(MakeError(kInvalidJwk, "JWKS too large"));
  ParsedObject parsed = ParseStrictObject(jwks_json);
  const boost::json::value* keys =
      parsed.problem == JsonProblem::kNone ? parsed.object.if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) {
    return Fail(MakeError(kInvalidJwk, "JWKS has no keys array"));
  }
  KeySet set;
  for (const boost::json::value& jwk : keys->get_array()) {
    if (!jwk.is_object()) return Fail(MakeError(kInvalidJwk, "JWKS entry is not an object"));
    LK_ASSIGN_OR_RETURN(VerifyKey key, VerifyKey::FromJwk(boost::json::serialize(jwk)));
    LK_TRY(set.Add(std::move(key)));
  }
  return set;
}

}  // namespace latchkey::crypto::jose
