// Body parsing: a strict JSON parser (Boost.JSON's SAX parser plus a
// duplicate-key check), the urlencoded form reader and typed field readers.
#include "http/body.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <vector>

#include "http/http_errors.h"
#include "http/util.h"

namespace latchkey::http {
namespace json = boost::json;
namespace {

// Builds the value like json::parser does (through a value_stack) and
// additionally remembers each open object's keys so that a repeated key can
// fail the parse; Boost.JSON 1.81 silently keeps the last one.
class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack st;
  bool duplicate = false;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    starts_.push_back(keys_.size());
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& ec) {
    std::size_t start = starts_.back();
    starts_.pop_back();
    if (HasDuplicate(start)) {
      duplicate = true;
      ec = json::error::syntax;
      return false;
    }
    keys_.resize(start);
    st.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    st.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    keys_.push_back(std::move(key_));
    key_.clear();
    st.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    st.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool HasDuplicate(std::size_t start) {
    auto first = keys_.begin() + static_cast<std::ptrdiff_t>(start);
    std::size_t n = keys_.size() - start;
    if (n < 2) return false;
    if (n <= 8) {  // small objects, the common case: no sort needed
      for (auto i = first; i != keys_.end(); ++i) {
        if (std::find(i + 1, keys_.end(), *i) != keys_.end()) return true;
      }
      return false;
    }
    std::sort(first, keys_.end());  // keys are discarded afterwards anyway
    return std::adjacent_find(first, keys_.end()) != keys_.end();
  }

  std::string key_;                  // key being assembled from parts
  std::vector<std::string> keys_;    // keys of every open object, innermost last
  std::vector<std::size_t> starts_;  // where each open object's keys begin
};

std::string_view MediaType(std::string_view content_type) {
  return TrimOws(content_type.substr(0, content_type.find(';')));
}

Error UnsupportedMediaError(std::string_view media_type, bool allow_form) {
  // Quote the type only when it is short and harmless (it is attacker text
  // echoed into a response).
  bool quotable = media_type.size() <= 64 &&
                  std::all_of(media_type.begin(), media_type.end(),
                              [](char c) { return c > 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  Error error = MakeError(kUnsupportedMediaType);
  if (quotable) {
    error.wire_message = "Content-Type \"" + std::string(media_type) +
                         "\" is not allowed. Allowed types: application/json";
    if (allow_form) error.wire_message += ", application/x-www-form-urlencoded";
  }
  return error;
}

Result<json::object> ParseForm(std::string_view body) {
  json::object out;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    std::string value = eq == std::string_view::npos
                            ? std::string()
                            : PercentDecode(pair.substr(eq + 1), /*plus_is_space=*/true);
    if (out.contains(key)) return Fail(MakeError(kDuplicateJsonKey));
    out.emplace(key, value);
  }
  return out;
}

Error WrongType(std::string_view key, std::string_view expected, const json::value* got) {
  std::string problem = "Invalid input: expected " + std::string(expected) + ", received " +
                        std::string(JsonTypeName(got));
  return ValidationError(key, problem);
}

}  // namespace

Result<json::value> ParseStrictJson(std::string_view text, std::size_t max_depth) {
  json::parse_options options;
  options.max_depth = max_depth;
  json::basic_parser<StrictHandler> parser(options);
  parser.handler().st.reset();
  json::error_code ec;
  std::size_t n = parser.write_some(false, text.data(), text.size(), ec);
  if (ec || n != text.size()) {
    return Fail(MakeError(parser.handler().duplicate ? kDuplicateJsonKey : kInvalidJson));
  }
  return parser.handler().st.release();
}

Result<json::object> ParseBody(const Request& request, bool allow_form) {
  std::optional<std::string_view> content_type = request.Header("content-type");
  if (request.body.empty() || !content_type) return json::object();
  std::string_view media_type = MediaType(*content_type);
  if (EqualsIgnoreCase(media_type, "application/json")) {
    LK_ASSIGN_OR_RETURN(json::value value, ParseStrictJson(request.body));
    if (!value.is_object()) {
      Error error = MakeError(kValidationError);
      error.wire_message =
          "[body] Invalid input: expected object, received " + std::string(JsonTypeName(&value));
      return Fail(std::move(error));
    }
    return std::move(value.get_object());
  }
  if (allow_form && EqualsIgnoreCase(media_type, "application/x-www-form-urlencoded")) {
    return ParseForm(request.body);
  }
  return Fail(UnsupportedMediaError(media_type, allow_form));
}

std::string_view JsonTypeName(const json::value* value) {
  if (value == nullptr) return "undefined";
  switch (value->kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "unknown";
}

Error ValidationError(std::string_view key, std::string_view problem) {
  Error error = MakeError(kValidationError);
  error.wire_message = "[body." + std::string(key) + "] " + std::string(problem);
  return error;
}

Result<std::optional<std::string>> OptionalString(const json::object& body, std::string_view key) {
  const json::value* value = body.if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Fail(WrongType(key, "string", value));
  const json::string& s = value->get_string();
  return std::optional<std::string>(std::string(s.data(), s.size()));
}

Result<std::string> RequiredString(const json::object& body, std::string_view key) {
  LK_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(body, key));
  if (!value) return Fail(WrongType(key, "string", nullptr));
  return std::move(*value);
}

Result<std::optional<bool>> OptionalBool(const json::object& body, std::string_view key) {
  const json::value* value = body.if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) return Fail(WrongType(key, "boolean", value));
  return std::optional<bool>(value->get_bool());
}

Result<std::optional<std::int64_t>> OptionalInt(const json::object& body, std::string_view key) {
  const json::value* value = body.if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr) return std::optional<std::int64_t>();
  if (value->is_int64()) return std::optional<std::int64_t>(value->get_int64());
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(value->get_uint64()));
  }
  return Fail(WrongType(key, "int", value));
}

}  // namespace latchkey::http
