// Field rules shared by create and update (Better Auth's zod schemas and
// the checks that follow them), in the order Better Auth applies them.
#ifndef LK_FEATURES_API_KEYS_ROUTES_KEY_FIELDS_H_
#define LK_FEATURES_API_KEYS_ROUTES_KEY_FIELDS_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"
#include "features/api_keys/api_key.h"

namespace latchkey::api_keys {

// A JSON number (integer or not); absent → nullopt. `allow_null` maps null
// to nullopt too. Errors: VALIDATION_ERROR for another type or below `min`.
Result<std::optional<double>> OptionalNumber(const boost::json::object& body, std::string_view key,
                                             double min, bool allow_null);
// SERVER_ONLY_PROPERTY (400) when the body sets a field only the server may
// set. `remaining` counts only when not null (create's default is null).
Result<void> RefuseServerOnly(const boost::json::object& body);
// INVALID_NAME_LENGTH unless 1..32 characters (JavaScript length).
Result<void> CheckName(const std::string& name);
// EXPIRES_IN_IS_TOO_SMALL (< 1 day) / EXPIRES_IN_IS_TOO_LARGE (> 365 days).
Result<void> CheckExpiresIn(double seconds);
// The stored JSON of `metadata`. Errors: INVALID_METADATA_TYPE (not an
// object; arrays pass, as JavaScript's typeof says "object").
Result<std::string> MetadataJson(const boost::json::value& metadata);
// JavaScript truthiness of a present value (Better Auth tests `if (x)`).
bool Truthy(const boost::json::value* value);

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_ROUTES_KEY_FIELDS_H_
