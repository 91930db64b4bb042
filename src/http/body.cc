// Body parsing: strict JSON (core/strict_json.h), the urlencoded form reader
// and typed field readers.
#include "http/body.h"

#include <algorithm>
#include <vector>

#include "core/strict_json.h"
#include "http/http_errors.h"
#include "http/util.h"

namespace latchkey::http {
namespace json = boost::json;
namespace {

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
    error.wire_message =
        "Content-Type \"" + std::string(media_type) + "\" is not allowed. Allowed types: " +
        (allow_form ? "application/x-www-form-urlencoded, application/json" : "application/json");
  }
  return error;
}

// `s` with each ill-formed UTF-8 sequence (maximal subpart) replaced by
// U+FFFD, as the WHATWG decoder behind Better Auth's URLSearchParams does. A
// JSON body cannot carry such bytes (the parser refuses them); a form body
// must not smuggle them into a field (PostgreSQL refuses them in text
// columns, and a JSON response would stop being UTF-8). Found by fuzzing.
std::string ReplaceInvalidUtf8(std::string s) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  std::size_t start = 0, needed = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (needed == 0) {
      start = i;
      if (b <= 0x7F) {
        out.push_back(s[i]);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        lower = b == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
        upper = b == 0xED ? 0x9F : 0xBF;  // no surrogates
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        lower = b == 0xF0 ? 0x90 : 0x80;
        upper = b == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
      } else {
        out += kReplacement;
      }
      continue;
    }
    if (b < lower || b > upper) {  // the sequence so far is one bad subpart
      out += kReplacement;
      needed = 0;
      lower = 0x80, upper = 0xBF;
      --i;  // this byte starts afresh
      continue;
    }
    lower = 0x80, upper = 0xBF;
    if (i - start == needed) {
      out.append(s, start, needed + 1);
      needed = 0;
    }
  }
  if (needed != 0) out += kReplacement;
  return out;
}

Result<json::object> ParseForm(std::string_view body) {
  json::object out;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = ReplaceInvalidUtf8(PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true));
    std::string value =
        eq == std::string_view::npos
            ? std::string()
            : ReplaceInvalidUtf8(PercentDecode(pair.substr(eq + 1), /*plus_is_space=*/true));
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
  latchkey::json::StrictJson parsed = latchkey::json::ParseStrict(text, max_depth);
  switch (parsed.problem) {
    case latchkey::json::StrictJsonProblem::kNone:
      return std::move(parsed.value);
    case latchkey::json::StrictJsonProblem::kDuplicate:
      return Fail(MakeError(kDuplicateJsonKey));
    case latchkey::json::StrictJsonProblem::kSyntax:
      break;
  }
  return Fail(MakeError(kInvalidJson));
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

Result<json::object> ParseRequiredBody(const Request& request, bool allow_form,
                                       std::string_view absent_message) {
  if (request.body.empty() || !request.Header("content-type")) {
    Error error = MakeError(kValidationError);
    error.wire_message = std::string(absent_message);
    return Fail(std::move(error));
  }
  return ParseBody(request, allow_form);
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
