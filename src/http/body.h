// Request body parsing (docs/api.md) and typed field readers that
// produce Better Auth's VALIDATION_ERROR shape. Features may include this
// header (Boost.JSON only; no Beast or Asio).
// Thread-safety: stateless functions, safe from any thread.
#ifndef LK_HTTP_BODY_H_
#define LK_HTTP_BODY_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace latchkey::http {

inline constexpr std::size_t kMaxJsonDepth = 32;

// Parses `text` as one JSON value, strictly: RFC 8259 only (no comments or
// trailing commas), valid UTF-8, numbers within a double's range, nesting
// ≤ max_depth, and no object with a repeated key (docs/operations.md: a
// last-wins parser enables parameter pollution).
// Errors: BAD_REQUEST (400) "Invalid JSON in request body" for malformed or
// too deep input; BAD_REQUEST "Duplicate key in request body".
Result<boost::json::value> ParseStrictJson(std::string_view text,
                                           std::size_t max_depth = kMaxJsonDepth);

// The request body as an object, per Content-Type (compared on the part
// before ';', case-insensitively):
//  * empty body, or no Content-Type header → empty object (the body is
//    ignored, as Better Auth 1.7.25 does; required fields then fail);
//  * application/json → ParseStrictJson; a non-object top level →
//    VALIDATION_ERROR (400) "[body] Invalid input: expected object, received <type>"
//    (in Error::wire_message, like every message built at run time below);
//  * application/x-www-form-urlencoded, only when allow_form → string values,
//    '+' = space, percent-decoded, ill-formed UTF-8 replaced by U+FFFD (as
//    URLSearchParams does); a repeated key → BAD_REQUEST (400);
//  * anything else → UNSUPPORTED_MEDIA_TYPE (415)
//    `Content-Type "<type>" is not allowed. Allowed types: application/json`
//    or, with allow_form, `... Allowed types: application/x-www-form-urlencoded,
//    application/json` (Better Auth's order; the static message without the
//    quoted type when the type is long or odd).
Result<boost::json::object> ParseBody(const Request& request, bool allow_form);

// zod's message for a required body that is absent.
inline constexpr std::string_view kAbsentBodyMessage =
    "[body] Invalid input: expected object, received undefined";

// As ParseBody, for a route whose body schema Better Auth requires (any route
// with a required field): an absent body (empty, or sent without a
// Content-Type) is VALIDATION_ERROR (400) with `absent_message` (zod's
// "[body] …" rather than the first missing field's "[body.email] …").
Result<boost::json::object> ParseRequiredBody(const Request& request, bool allow_form,
                                              std::string_view absent_message = kAbsentBodyMessage);

// zod's name for the JSON type of `value` ("string", "number", "boolean",
// "null", "array", "object"); "undefined" for a missing field.
std::string_view JsonTypeName(const boost::json::value* value);

// VALIDATION_ERROR (400) with message "[body.<key>] <problem>", e.g.
// ValidationError("email", "Invalid email address").
Error ValidationError(std::string_view key, std::string_view problem);

// Typed readers for one top-level field. A missing key is "absent"; any other
// type (null included) is an error:
// VALIDATION_ERROR "[body.<key>] Invalid input: expected <t>, received <u>".
Result<std::optional<std::string>> OptionalString(const boost::json::object& body,
                                                  std::string_view key);
// As OptionalString, but absence is an error too ("received undefined").
Result<std::string> RequiredString(const boost::json::object& body, std::string_view key);
Result<std::optional<bool>> OptionalBool(const boost::json::object& body, std::string_view key);
// Integers only (a JSON number with a fraction is "expected int, received number").
Result<std::optional<std::int64_t>> OptionalInt(const boost::json::object& body,
                                                std::string_view key);

}  // namespace latchkey::http

#endif  // LK_HTTP_BODY_H_
