// Small helpers the provider code shares to read providers' JSON answers.
#ifndef LK_FEATURES_SOCIAL_PROVIDER_JSON_H_
#define LK_FEATURES_SOCIAL_PROVIDER_JSON_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace latchkey::social {

// An object answer, strictly parsed (core/strict_json.h); nullopt otherwise.
std::optional<boost::json::object> ParseObject(std::string_view text);
// A member as a string ("" when absent or not a string); numbers are
// written out (GitHub's ids).
std::string StringMember(const boost::json::object& object, std::string_view key);
// `email_verified` as a boolean: true or "true" (Apple sends a string).
bool TrueMember(const boost::json::object& object, std::string_view key);

// A dotted path into an answer ("data.attributes.mail", "emails.0.value":
// members of objects, indexes of arrays): the value there, or nullptr.
const boost::json::value* AtPath(const boost::json::object& object, std::string_view path);
// Whether `path` is a well-formed dotted path: 1–8 segments of
// [A-Za-z0-9_-], at most 256 characters.
bool IsJsonPath(std::string_view path);

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_PROVIDER_JSON_H_
