#include "features/api_keys/routes/key_fields.h"

#include <boost/json/serialize.hpp>

#include "features/api_keys/api_key_errors.h"
#include "features/common/validation.h"
#include "http/body.h"

namespace latchkey::api_keys {

Result<std::optional<double>> OptionalNumber(const boost::json::object& body, std::string_view key,
                                             double min, bool allow_null) {
  const boost::json::value* value = body.if_contains(key);
  if (value == nullptr || (allow_null && value->is_null())) return std::optional<double>();
  if (!value->is_number()) {
    return Fail(http::ValidationError(
        key, "Invalid input: expected number, received " + std::string(http::JsonTypeName(value))));
  }
  const double number = value->to_number<double>();
  if (number < min) {
    return Fail(http::ValidationError(
        key, "Too small: expected number to be >=" + std::to_string(static_cast<int>(min))));
  }
  return std::optional<double>(number);
}

Result<void> RefuseServerOnly(const boost::json::object& body) {
  for (std::string_view field : {"refillAmount", "refillInterval", "rateLimitMax",
                                 "rateLimitTimeWindow", "rateLimitEnabled", "permissions"}) {
    if (body.contains(field)) return Fail(MakeError(errors::kServerOnlyProperty));
  }
  const boost::json::value* remaining = body.if_contains("remaining");
  if (remaining != nullptr && !remaining->is_null()) {
    return Fail(MakeError(errors::kServerOnlyProperty));
  }
  return {};
}

Result<void> CheckName(const std::string& name) {
  const std::size_t length = validation::Utf16Length(name);
  if (length < 1 || length > 32) return Fail(MakeError(errors::kInvalidNameLength));
  return {};
}

Result<void> CheckExpiresIn(double seconds) {
  const double days = seconds / 86400.0;
  if (days < 1) return Fail(MakeError(errors::kExpiresInTooSmall));
  if (days > 365) return Fail(MakeError(errors::kExpiresInTooLarge));
  return {};
}

Result<std::string> MetadataJson(const boost::json::value& metadata) {
  if (!metadata.is_object() && !metadata.is_array()) {
    return Fail(MakeError(errors::kInvalidMetadataType));
  }
  return boost::json::serialize(metadata);
}

bool Truthy(const boost::json::value* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_bool()) return v->get_bool();
  if (v->is_string()) return !v->get_string().empty();
  if (v->is_number()) return v->to_number<double>() != 0;
  return true;
}

}  // namespace latchkey::api_keys
