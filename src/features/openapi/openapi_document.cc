#include "features/openapi/openapi_document.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <map>
#include <utility>
#include <vector>

#include "features/openapi/route_errors.h"
#include "http/error_mapping.h"
#include "http/route_doc.h"

namespace latchkey::openapi {
namespace {

namespace json = boost::json;
using http::FieldDoc;
using http::FieldType;
using http::RouteDoc;
using http::RouteSpec;

constexpr std::string_view kErrorRef = "#/components/schemas/Error";

Result<json::value> ParseSchema(std::string_view text, std::string_view where) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) {
    return Fail(
        InternalError("OpenAPI: the schema of " + std::string(where) + " is not a JSON object"));
  }
  return value;
}

std::string_view TypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kObject:
      return "object";
    case FieldType::kArray:
      return "array";
  }
  return "string";
}

Result<json::object> FieldSchema(const FieldDoc& field, std::string_view where) {
  json::object schema;
  if ((field.type == FieldType::kObject || field.type == FieldType::kArray) &&
      !field.items_schema.empty()) {
    LK_ASSIGN_OR_RETURN(json::value shape, ParseSchema(field.items_schema, where));
    if (field.type == FieldType::kObject) {
      schema = std::move(shape.as_object());
    } else {
      schema["items"] = std::move(shape);
    }
  }
  if (field.nullable) {
    schema["type"] = json::array{json::string(TypeName(field.type)), "null"};
  } else {
    schema["type"] = TypeName(field.type);
  }
  if (!field.format.empty()) schema["format"] = field.format;
  if (!field.description.empty()) schema["description"] = field.description;
  return schema;
}

// "/api/auth/api-key/create" + POST → "postApiKeyCreate" (Better Auth's
// /api/auth prefix left out; unique because method + path are).
std::string OperationId(const RouteSpec& spec) {
  std::string id(http::MethodName(spec.method));
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view path = spec.path;
  if (path.starts_with(http::kApiBase)) path.remove_prefix(http::kApiBase.size());
  bool upper = true;
  for (char c : path) {
    if (c == '/' || c == '-' || c == '_' || c == ':' || c == '.') {
      upper = true;
      continue;
    }
    id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return id;
}

json::array Security(const RouteSpec& spec, const DocumentInfo& info) {
  using http::Auth;
  json::array any;
  auto add = [&any](std::string_view scheme) {
    any.push_back(json::object{{scheme, json::array{}}});
  };
  switch (spec.auth) {
    case Auth::kPublic:
      break;
    case Auth::kSession:
      add("sessionCookie");
      add("bearer");
      if (info.api_key_session) add("apiKey");
      break;
    case Auth::kSensitiveSession:
    case Auth::kFreshSession:
    case Auth::kAdmin:
      add("sessionCookie");
      add("bearer");
      break;
    case Auth::kApiKey:
      add("apiKey");
      break;
  }
  return any;
}

Result<json::array> Parameters(const RouteSpec& spec, const RouteDoc* doc) {
  json::array params;
  std::string_view path = spec.path;
  for (std::size_t at = path.find("/:"); at != std::string_view::npos;
       at = path.find("/:", at + 1)) {
    std::size_t end = path.find('/', at + 1);
    std::string_view name = path.substr(at + 2, end == std::string_view::npos ? end : end - at - 2);
    params.push_back(json::object{{"name", name},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", json::object{{"type", "string"}}}});
  }
  if (!doc) return params;
  for (const FieldDoc& field : doc->query) {
    LK_ASSIGN_OR_RETURN(json::object schema, FieldSchema(field, spec.path));
    json::object param{{"name", field.name}, {"in", "query"}, {"required", field.required}};
    if (!field.description.empty()) param["description"] = field.description;
    param["schema"] = std::move(schema);
    params.push_back(std::move(param));
  }
  return params;
}

Result<json::object> RequestBody(const RouteSpec& spec, const RouteDoc& doc) {
  json::object properties;
  json::array required;
  for (const FieldDoc& field : doc.body) {
    LK_ASSIGN_OR_RETURN(json::object schema, FieldSchema(field, spec.path));
    properties[field.name] = std::move(schema);
    if (field.required) required.push_back(json::string(field.name));
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  const bool any_required = !required.empty();
  if (any_required) schema["required"] = std::move(required);
  json::object content{{"application/json", json::object{{"schema", schema}}}};
  if (doc.form_body) {
    content["application/x-www-form-urlencoded"] = json::object{{"schema", schema}};
  }
  return json::object{{"required", any_required}, {"content", std::move(content)}};
}

// One response per status: the codes it can carry (an enum on `code`, and
// "x-latchkey-error-codes" for tools) and when each happens.
json::object ErrorResponses(const std::vector<http::ErrorDoc>& errors) {
  std::map<int, std::vector<const http::ErrorDoc*>> by_status;
  for (const auto& error : errors) by_status[http::StatusFor(error.kind)].push_back(&error);
  json::object responses;
  for (const auto& [status, list] : by_status) {
    std::string description;
    json::array codes;
    for (const http::ErrorDoc* error : list) {
      if (!description.empty()) description += "; ";
      description += error->code.empty() ? "(no code)" : std::string(error->code);
      if (!error->when.empty()) description += ": " + std::string(error->when);
      if (!error->code.empty()) codes.push_back(json::string(error->code));
    }
    json::value schema = json::object{{"$ref", kErrorRef}};
    if (!codes.empty()) {
      schema = json::object{
          {"allOf",
           json::array{schema,
                       json::object{{"properties",
                                     json::object{{"code", json::object{{"enum", codes}}}}}}}}};
    }
    json::object response{
        {"description", description},
        {"content", json::object{{"application/json", json::object{{"schema", schema}}}}}};
    response["x-latchkey-error-codes"] = std::move(codes);
    responses[std::to_string(status)] = std::move(response);
  }
  return responses;
}

class Builder {
 public:
  explicit Builder(const DocumentInfo& info) : info_(info) {}

  Result<void> Add(const RouteSpec& spec, bool websocket) {
    const RouteDoc* doc = spec.doc;
    json::object op{{"operationId", OperationId(spec)}};
    if (!spec.summary.empty()) op["summary"] = spec.summary;
    std::string description(doc ? doc->description : "");
    if (websocket) {
      description += (description.empty() ? "" : "\n\n");
      description += "A WebSocket upgrade (101 Switching Protocols); events are JSON text frames.";
    }
    if (!description.empty()) op["description"] = description;
    op["tags"] = json::array{json::string(doc && !doc->tag.empty() ? doc->tag : DefaultTag(spec))};
    LK_ASSIGN_OR_RETURN(json::array params, Parameters(spec, doc));
    if (!params.empty()) op["parameters"] = std::move(params);
    if (doc && !doc->body.empty()) {
      LK_ASSIGN_OR_RETURN(op["requestBody"], RequestBody(spec, *doc));
    }
    LK_ASSIGN_OR_RETURN(op["responses"], Responses(spec, doc, websocket));
    json::array security = Security(spec, info_);
    if (!security.empty()) op["security"] = std::move(security);
    if (spec.body_limit != http::Router::kDefaultBodyLimit) {
      op["x-latchkey-body-limit"] = spec.body_limit;
    }
    if (!spec.rate_limit_bucket.empty()) op["x-latchkey-rate-limit"] = spec.rate_limit_bucket;
    // The permission the route declares, and where it is held: the caller's
    // platform roles ("platform") or a scope such as an organization.
    if (!spec.permission.empty() || !spec.permission_scope.empty()) {
      op["x-latchkey-permission"] =
          json::object{{"permission", spec.permission},
                       {"scope", spec.permission_scope.empty() ? std::string_view("platform")
                                                               : spec.permission_scope}};
    }
    if (!doc) op["x-latchkey-undocumented"] = true;
    if (doc) LK_TRY(AddSchemas(*doc, spec.path));
    std::string method(http::MethodName(spec.method));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& item = paths_[OpenApiPath(spec.path)];
    if (!item.is_object()) item = json::object{};
    item.as_object()[method] = std::move(op);
    return {};
  }

  json::object Finish() &&;

 private:
  static std::string DefaultTag(const RouteSpec& spec) {
    return spec.path.starts_with(http::kApiBase) ? "Auth" : "Operations";
  }

  Result<json::object> Responses(const RouteSpec& spec, const RouteDoc* doc, bool websocket) {
    json::object responses;
    if (doc) {
      for (const http::ResponseDoc& response : doc->responses) {
        json::object out{{"description", response.description}};
        if (!response.schema.empty()) {
          LK_ASSIGN_OR_RETURN(json::value schema, ParseSchema(response.schema, spec.path));
          out["content"] =
              json::object{{response.content_type, json::object{{"schema", std::move(schema)}}}};
        }
        responses[std::to_string(response.status)] = std::move(out);
      }
    }
    for (auto& [status, value] : ErrorResponses(RouteErrors(spec))) {
      if (auto* documented = responses.if_contains(status)) {
        // A documented non-error answer with the same status (an empty 404):
        // one response says both.
        value.as_object()["description"] = std::string(documented->at("description").as_string()) +
                                           "; " + std::string(value.at("description").as_string());
      }
      responses[status] = std::move(value);
    }
    if (websocket) {
      responses["101"] =
          json::object{{"description", "Switching Protocols: the WebSocket is open"}};
    } else if (responses.empty()) {
      responses["200"] = json::object{{"description", "Success"}};
    }
    return responses;
  }

  Result<void> AddSchemas(const RouteDoc& doc, std::string_view where) {
    for (const http::SchemaDoc& schema : doc.schemas) {
      auto [it, inserted] = schema_texts_.try_emplace(schema.name, schema.json);
      if (!inserted) {
        if (it->second != schema.json) {
          return Fail(InternalError("OpenAPI: schema " + std::string(schema.name) +
                                    " differs between routes (at " + std::string(where) + ")"));
        }
        continue;
      }
      LK_ASSIGN_OR_RETURN(schemas_[schema.name], ParseSchema(schema.json, schema.name));
    }
    return {};
  }

  const DocumentInfo& info_;
  json::object paths_;
  json::object schemas_;
  std::map<std::string_view, std::string_view> schema_texts_;
};

json::object Builder::Finish() && {
  schemas_["Error"] =
      json::object{{"type", "object"},
                   {"description",
                    "Every error body: Better Auth's {message, code} (a few errors have no code)"},
                   {"properties", json::object{{"code", json::object{{"type", "string"}}},
                                               {"message", json::object{{"type", "string"}}}}},
                   {"required", json::array{"message"}}};
  json::object schemes{
      {"sessionCookie",
       json::object{{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", info_.session_cookie},
                    {"description",
                     "The session cookie set by sign-in and sign-up (token.signature). A "
                     "state-changing request with a cookie needs a trusted Origin."}}},
      {"bearer", json::object{{"type", "http"},
                              {"scheme", "bearer"},
                              {"description",
                               "The value of the set-auth-token response header (or the raw "
                               "session token), as Better Auth's bearer plugin"}}}};
  const std::string_view key_use =
      info_.api_key_session
          ? "An API key stands for its owner's session where a plain session is enough "
            "(api_key_session)"
          : "API keys authenticate only when api_key_session is on (it is off)";
  schemes["apiKey"] = json::object{{"type", "apiKey"},
                                   {"in", "header"},
                                   {"name", info_.api_key_header},
                                   {"description", key_use}};
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", info_.title},
                            {"version", info_.version},
                            {"description",
                             "The auth API, wire-compatible with Better Auth. Errors are "
                             "{\"message\",\"code\"}; dates are ISO 8601 strings."}}},
      {"servers", json::array{json::object{{"url", info_.server_url}}}},
      {"paths", std::move(paths_)},
      {"components",
       json::object{{"schemas", std::move(schemas_)}, {"securitySchemes", std::move(schemes)}}}};
}

}  // namespace

std::string OpenApiPath(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 4);
  bool in_param = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == ':' && i > 0 && path[i - 1] == '/') {
      out.push_back('{');
      in_param = true;
      continue;
    }
    if (c == '/' && in_param) {
      out.push_back('}');
      in_param = false;
    }
    out.push_back(c);
  }
  if (in_param) out.push_back('}');
  return out;
}

Result<json::object> BuildDocument(const http::Router& router, const DocumentInfo& info) {
  Builder builder(info);
  for (const auto& [spec, handler] : router.routes()) LK_TRY(builder.Add(spec, false));
  for (const auto& [spec, handler] : router.websockets()) LK_TRY(builder.Add(spec, true));
  return std::move(builder).Finish();
}

}  // namespace latchkey::openapi
