#include "features/common/validation.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "features/common/base_errors.h"
#include "http/body.h"

namespace latchkey::validation {
namespace {

Result<void> CheckLength(std::string_view key, const std::string& value, std::size_t max_chars) {
  if (value.size() <= max_chars) return {};
  return Fail(FieldError(
      key, "Too big: expected string to have <=" + std::to_string(max_chars) + " characters"));
}

}  // namespace

Error FieldError(std::string_view key, std::string_view what) {
  return http::ValidationError(key, what);
}

Result<std::string> RequireString(const boost::json::object& body, std::string_view key,
                                  std::size_t max_chars) {
  LK_ASSIGN_OR_RETURN(std::string value, http::RequiredString(body, key));
  LK_TRY(CheckLength(key, value, max_chars));
  return value;
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& body,
                                                  std::string_view key, std::size_t max_chars) {
  LK_ASSIGN_OR_RETURN(auto value, http::OptionalString(body, key));
  if (value) LK_TRY(CheckLength(key, *value, max_chars));
  return value;
}

// Form-encoded bodies (sign-in from an HTML form) carry every value as a
// string, so "true"/"false" are accepted as booleans too.
Result<std::optional<bool>> OptionalBool(const boost::json::object& body, std::string_view key,
                                         bool form_body) {
  const boost::json::value* v = body.if_contains(key);
  if (form_body && v && v->is_string() &&
      (v->get_string() == "true" || v->get_string() == "false")) {
    return std::optional<bool>(v->get_string() == "true");
  }
  return http::OptionalBool(body, key);
}

bool IsFormBody(const http::Request& request) {
  auto type = request.Header("content-type");
  if (!type) return false;
  return LowerAscii(type->substr(0, type->find(';'))).find("application/x-www-form-urlencoded") !=
         std::string::npos;
}

std::string LowerAscii(std::string_view s) { return ascii::Lowered(s); }

// zod's email pattern: local part of [A-Za-z0-9_'+.-] not starting with '.',
// no "..", not ending with '.'; domain labels [A-Za-z0-9-] not starting with
// '-', at least two labels, a final label of ≥2 letters.
bool IsValidEmail(std::string_view email) {
  if (email.size() > 254) return false;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  for (unsigned char c : local) {
    if (!(std::isalnum(c) || c == '_' || c == '\'' || c == '+' || c == '-' || c == '.'))
      return false;
  }
  std::size_t start = 0, labels = 0;
  std::string_view last;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.front() == '-') return false;
    for (unsigned char c : label) {
      if (!(std::isalnum(c) || c == '-')) return false;
    }
    last = label;
    ++labels;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  return std::all_of(last.begin(), last.end(),
                     [](unsigned char c) { return std::isalpha(c) != 0; });
}

Result<void> CheckPasswordLength(std::string_view password, int min_length, int max_length) {
  if (Utf16Length(password) < static_cast<std::size_t>(min_length)) {
    return Fail(MakeError(errors::kPasswordTooShort));
  }
  return CheckPasswordMax(password, max_length);
}

Result<void> CheckPasswordMax(std::string_view password, int max_length) {
  if (Utf16Length(password) > static_cast<std::size_t>(max_length)) {
    return Fail(MakeError(errors::kPasswordTooLong));
  }
  return {};
}

std::size_t Utf16Length(std::string_view utf8) {
  std::size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += (c >= 0xF0) ? 2 : 1;      // 4-byte sequences are surrogate pairs
  }
  return units;
}

}  // namespace latchkey::validation
