#include "features/social/provider_json.h"

#include "core/strict_json.h"

namespace latchkey::social {

std::optional<boost::json::object> ParseObject(std::string_view text) {
  json::StrictJson parsed = json::ParseStrict(text, 16);
  if (parsed.problem != json::StrictJsonProblem::kNone || !parsed.value.is_object()) {
    return std::nullopt;
  }
  return parsed.value.as_object();
}

std::string StringMember(const boost::json::object& object, std::string_view key) {
  const boost::json::value* v = object.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return {};
}

bool TrueMember(const boost::json::object& object, std::string_view key) {
  const boost::json::value* v = object.if_contains(key);
  if (v == nullptr) return false;
  if (v->is_bool()) return v->as_bool();
  return v->is_string() && v->as_string() == "true";
}

}  // namespace latchkey::social
