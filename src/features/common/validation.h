// Feature-level field rules on top of http/body.h's typed readers: length
// bounds on user-supplied strings, e-mail syntax, JavaScript string length.
// Errors are Better Auth's 400 {"code":"VALIDATION_ERROR","message":"[body.<key>] <what>"}.
#ifndef LK_FEATURES_COMMON_VALIDATION_H_
#define LK_FEATURES_COMMON_VALIDATION_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace latchkey::validation {

// The VALIDATION_ERROR for `[body.<key>] <what>`.
Error FieldError(std::string_view key, std::string_view what);

// Errors: VALIDATION_ERROR when missing or not a string; when longer than
// max_chars (counted in bytes of UTF-8) with "Too big" wording.
Result<std::string> RequireString(const boost::json::object& body, std::string_view key,
                                  std::size_t max_chars);
// Absent → nullopt (JSON null is a type error). Errors as RequireString.
Result<std::optional<std::string>> OptionalString(const boost::json::object& body,
                                                  std::string_view key, std::size_t max_chars);
// Absent → nullopt. JSON booleans; "true"/"false" strings only from a form
// body. Errors: VALIDATION_ERROR otherwise.
// `form_body`: the body was form-encoded, where every value is a string.
Result<std::optional<bool>> OptionalBool(const boost::json::object& body, std::string_view key,
                                         bool form_body = false);
// True when the request's body is application/x-www-form-urlencoded.
bool IsFormBody(const http::Request& request);

// The email syntax Better Auth (zod) accepts; `email` already lower-cased or not.
bool IsValidEmail(std::string_view email);
std::string LowerAscii(std::string_view s);
// Better Auth's password length rule, counted like JavaScript (UTF-16 units).
// CheckPasswordLength applies min and max (new passwords); CheckPasswordMax
// only the max (a password being checked: nothing longer can be right).
// Errors: PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG (400).
// The bounds are the owner's settings (email_password's min/max_password_length).
Result<void> CheckPasswordLength(std::string_view password, int min_length, int max_length);
Result<void> CheckPasswordMax(std::string_view password, int max_length);

// Password length in UTF-16 code units (JavaScript's string length), which is
// what Better Auth's 8..128 limits count.
std::size_t Utf16Length(std::string_view utf8);

}  // namespace latchkey::validation

#endif  // LK_FEATURES_COMMON_VALIDATION_H_
