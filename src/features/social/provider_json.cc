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

const boost::json::value* AtPath(const boost::json::object& object, std::string_view path) {
  const boost::json::object* in = &object;
  const boost::json::value* at = nullptr;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    const std::string_view segment = path.substr(start, dot - start);
    if (in != nullptr) {
      at = in->if_contains(segment);
    } else if (at != nullptr && at->is_array() && !segment.empty() &&
               segment.find_first_not_of("0123456789") == std::string_view::npos &&
               segment.size() < 6) {
      const std::size_t index = std::stoul(std::string(segment));
      const boost::json::array& list = at->as_array();
      at = index < list.size() ? &list[index] : nullptr;
    } else {
      at = nullptr;
    }
    if (at == nullptr) return nullptr;
    in = at->is_object() ? &at->as_object() : nullptr;
    start = dot + 1;
  }
  return at;
}

bool IsJsonPath(std::string_view path) {
  if (path.empty() || path.size() > 256) return false;
  std::size_t segments = 0;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) dot = path.size();
    const std::string_view segment = path.substr(start, dot - start);
    if (segment.empty() || ++segments > 8 ||
        segment.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            std::string_view::npos) {
      return false;
    }
    start = dot + 1;
  }
  return true;
}

}  // namespace latchkey::social
