// What a route documents about itself for the OpenAPI document
// (GET /api/auth/open-api/generate-schema, docs/api.md): its query and body
// fields, its responses and the error codes it can return. Everything is
// constexpr so a feature declares a route's doc next to its `inline
// constexpr` RouteSpec (`.doc = &kSignInDoc`). What RouteSpec itself knows
// (method, path, auth, body limit, rate-limit bucket, API-key permission) is
// not repeated here: the generator derives the common errors from it.
#ifndef LK_HTTP_ROUTE_DOC_H_
#define LK_HTTP_ROUTE_DOC_H_

#include <span>
#include <string_view>

#include "core/error.h"

namespace latchkey::http {

enum class FieldType { kString, kInteger, kNumber, kBoolean, kObject, kArray };

// One query parameter or top-level body field. Members are in the order a
// designated initializer reads best (name, type, required, …); these are
// constexpr tables, so the padding the analyzer counts costs nothing at run time.
struct FieldDoc {  // NOLINT(clang-analyzer-optin.performance.Padding)
  std::string_view name;
  FieldType type = FieldType::kString;
  bool required = false;
  std::string_view description;
  bool nullable = false;          // null is accepted (and means "clear" or "none")
  std::string_view format;        // JSON Schema format: "email", "uri", "date-time"…
  std::string_view items_schema;  // kArray/kObject: JSON Schema text of the items/shape
};

// A named JSON Schema, published under components/schemas/<name> so
// response schemas can say {"$ref":"#/components/schemas/<name>"}. Two
// routes naming the same schema must give the same text.
struct SchemaDoc {
  std::string_view name;
  std::string_view json;  // a JSON Schema (2020-12) object, as JSON text
};

// A non-error response. `schema` is JSON Schema text (may $ref a SchemaDoc);
// empty = no body.
struct ResponseDoc {
  int status = 200;
  std::string_view description;
  std::string_view schema;
  std::string_view content_type = "application/json";
};

// An error the route itself can return; the status comes from `kind`
// (http/error_mapping.h), as for the ErrorInfo that carries the code. An
// empty code is one of Better Auth's code-less errors ({"message"} only).
struct ErrorDoc {
  ErrorKind kind;
  std::string_view code;
  std::string_view when;  // the condition, one short phrase
};

struct RouteDoc {
  std::string_view tag;          // groups routes in the reference (e.g. "Sessions")
  std::string_view description;  // longer prose; RouteSpec::summary is the one-liner
  std::span<const FieldDoc> query;
  std::span<const FieldDoc> body;
  bool form_body = false;  // the body may also be application/x-www-form-urlencoded
  std::span<const ResponseDoc> responses;
  std::span<const ErrorDoc> errors;
  std::span<const SchemaDoc> schemas;  // components the response schemas $ref
};

}  // namespace latchkey::http

#endif  // LK_HTTP_ROUTE_DOC_H_
