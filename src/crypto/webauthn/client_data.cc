// clientDataJSON: strict JSON, then type, challenge and origin.
#include "crypto/webauthn/client_data.h"

#include <boost/json/object.hpp>

#include "core/strict_json.h"
#include "crypto/constant_time.h"
#include "crypto/webauthn/errors.h"

namespace latchkey::crypto::webauthn {
namespace {

constexpr std::size_t kMaxJsonDepth = 8;

const boost::json::string* StringMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value == nullptr ? nullptr : value->if_string();
}

// A client-chosen string as a log detail: bounded.
std::string Shown(std::string_view text) { return std::string(text.substr(0, 64)); }

}  // namespace

Result<std::string> CheckClientData(std::string_view json, std::string_view type,
                                    std::string_view expected_challenge,
                                    const std::vector<std::string>& origins) {
  json::StrictJson parsed = json::ParseStrict(json, kMaxJsonDepth);
  const boost::json::object* object = parsed.value.if_object();
  if (parsed.problem != json::StrictJsonProblem::kNone || object == nullptr) {
    return Fail(MakeError(kMalformedClientData, "not one strict JSON object"));
  }
  const boost::json::string* got_type = StringMember(*object, "type");
  const boost::json::string* challenge = StringMember(*object, "challenge");
  const boost::json::string* origin = StringMember(*object, "origin");
  if (got_type == nullptr || challenge == nullptr || origin == nullptr) {
    return Fail(MakeError(kMalformedClientData, "type, challenge or origin not a string"));
  }
  if (*got_type != type) return Fail(MakeError(kClientDataType, Shown(*got_type)));
  if (expected_challenge.empty() ||
      !ConstantTimeEquals(std::string_view(*challenge), expected_challenge)) {
    return Fail(MakeError(kChallengeMismatch));
  }
  for (const std::string& allowed : origins) {
    if (std::string_view(*origin) == allowed) return allowed;
  }
  return Fail(MakeError(kOriginMismatch, Shown(*origin)));
}

}  // namespace latchkey::crypto::webauthn
