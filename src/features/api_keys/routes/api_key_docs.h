// OpenAPI docs of the api-key plugin's routes (http/route_doc.h, docs/api.md
// "API keys as credentials").
#ifndef LK_FEATURES_API_KEYS_ROUTES_API_KEY_DOCS_H_
#define LK_FEATURES_API_KEYS_ROUTES_API_KEY_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::api_keys {

inline constexpr http::SchemaDoc kApiKeySchema{
    "ApiKey",
    R"({"type":"object","required":["id","configId","name","start","referenceId","prefix","enabled","createdAt","updatedAt"],
        "properties":{"id":{"type":"string"},"configId":{"type":"string"},
                      "name":{"type":["string","null"]},
                      "start":{"type":["string","null"],"description":"the key's first characters"},
                      "referenceId":{"type":"string","description":"the owner's user id"},
                      "prefix":{"type":["string","null"]},
                      "key":{"type":"string","description":"the key itself: only in the create answer"},
                      "refillInterval":{"type":["integer","null"]},
                      "refillAmount":{"type":["integer","null"]},
                      "lastRefillAt":{"type":["string","null"],"format":"date-time"},
                      "enabled":{"type":"boolean"},
                      "rateLimitEnabled":{"type":"boolean"},
                      "rateLimitTimeWindow":{"type":["integer","null"]},
                      "rateLimitMax":{"type":["integer","null"]},
                      "requestCount":{"type":"integer"},
                      "remaining":{"type":["integer","null"]},
                      "lastRequest":{"type":["string","null"],"format":"date-time"},
                      "expiresAt":{"type":["string","null"],"format":"date-time"},
                      "createdAt":{"type":"string","format":"date-time"},
                      "updatedAt":{"type":"string","format":"date-time"},
                      "permissions":{"type":["object","null"]},
                      "metadata":{"type":["object","null"]}}})"};
inline constexpr http::SchemaDoc kApiKeySchemas[] = {kApiKeySchema};
inline constexpr http::ResponseDoc kKeyResponses[] = {
    {200, "The key row", R"({"$ref":"#/components/schemas/ApiKey"})"},
};

// Fields both create and update take; server-only ones are refused.
inline constexpr http::ErrorDoc kCreateErrors[] = {
    {ErrorKind::kUnauthenticated, "UNAUTHORIZED_SESSION", "no session, or userId was sent"},
    {ErrorKind::kInvalidArgument, "SERVER_ONLY_PROPERTY",
     "remaining, refillAmount, refillInterval, rateLimit*, permissions"},
    {ErrorKind::kInvalidArgument, "INVALID_NAME_LENGTH", "name outside 1..32"},
    {ErrorKind::kInvalidArgument, "INVALID_PREFIX_LENGTH",
     "prefix over 32 or outside [A-Za-z0-9_-]"},
    {ErrorKind::kInvalidArgument, "EXPIRES_IN_IS_TOO_SMALL", "under a day"},
    {ErrorKind::kInvalidArgument, "EXPIRES_IN_IS_TOO_LARGE", "over 365 days"},
    {ErrorKind::kInvalidArgument, "METADATA_DISABLED", "metadata without api_key_metadata"},
    {ErrorKind::kInvalidArgument, "INVALID_METADATA_TYPE", "metadata is not an object"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a wrong-typed field"},
};
inline constexpr http::FieldDoc kCreateBody[] = {
    {"name", http::FieldType::kString, false, "1..32 characters"},
    {"expiresIn", http::FieldType::kInteger, false, "Seconds, 1..365 days; null = never", true},
    {"prefix", http::FieldType::kString, false, "[A-Za-z0-9_-], at most 32"},
    {"metadata", http::FieldType::kObject, false, "Free-form (needs api_key_metadata)"},
    {"configId", http::FieldType::kString, false, "The key configuration"},
};
inline constexpr http::ResponseDoc kCreateResponses[] = {
    {200, "The key row with the plaintext `key` (shown only here); the owner is mailed a notice",
     R"({"$ref":"#/components/schemas/ApiKey"})"},
};
inline constexpr http::RouteDoc kCreateDoc{
    .tag = "API keys",
    .description = "Keys cannot mint keys: an API key is refused here (SESSION_NOT_FRESH).",
    .body = kCreateBody,
    .responses = kCreateResponses,
    .errors = kCreateErrors,
    .schemas = kApiKeySchemas,
};

inline constexpr http::FieldDoc kGetQuery[] = {
    {"id", http::FieldType::kString, true, "The key's id"},
};
inline constexpr http::ErrorDoc kGetErrors[] = {
    {ErrorKind::kNotFound, "KEY_NOT_FOUND", "no such key of this user"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no id"},
    {ErrorKind::kPermissionDenied, "INSUFFICIENT_API_KEY_PERMISSIONS",
     "an API key without {\"apiKey\":[\"read\"]}"},
};
inline constexpr http::RouteDoc kGetDoc{
    .tag = "API keys",
    .query = kGetQuery,
    .responses = kKeyResponses,
    .errors = kGetErrors,
    .schemas = kApiKeySchemas,
};

inline constexpr http::FieldDoc kListQuery[] = {
    {"limit", http::FieldType::kInteger, false, "At most this many"},
    {"offset", http::FieldType::kInteger, false, "Skip this many"},
};
inline constexpr http::ResponseDoc kListResponses[] = {
    {200, "The user's keys, oldest first, without `key`",
     R"({"type":"object","required":["apiKeys","total"],
         "properties":{"apiKeys":{"type":"array","items":{"$ref":"#/components/schemas/ApiKey"}},
                       "total":{"type":"integer"},"limit":{"type":"integer"},
                       "offset":{"type":"integer"}}})"},
};
inline constexpr http::ErrorDoc kListErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "limit or offset is not a number"},
    {ErrorKind::kPermissionDenied, "INSUFFICIENT_API_KEY_PERMISSIONS",
     "an API key without {\"apiKey\":[\"read\"]}"},
};
inline constexpr http::RouteDoc kListDoc{
    .tag = "API keys",
    .query = kListQuery,
    .responses = kListResponses,
    .errors = kListErrors,
    .schemas = kApiKeySchemas,
};

inline constexpr http::FieldDoc kUpdateBody[] = {
    {"keyId", http::FieldType::kString, true, "The key's id"},
    {"name", http::FieldType::kString, false, "1..32 characters"},
    {"enabled", http::FieldType::kBoolean, false, "false: the key stops working"},
    {"expiresIn", http::FieldType::kInteger, false, "Seconds from now; null clears", true},
    {"metadata", http::FieldType::kObject, false, "Free-form (needs api_key_metadata)"},
};
inline constexpr http::ErrorDoc kUpdateErrors[] = {
    {ErrorKind::kUnauthenticated, "UNAUTHORIZED_SESSION", "no session, or userId was sent"},
    {ErrorKind::kInvalidArgument, "SERVER_ONLY_PROPERTY",
     "remaining (even null), refill*, rateLimit*, permissions"},
    {ErrorKind::kNotFound, "KEY_NOT_FOUND", "no such key of this user"},
    {ErrorKind::kInvalidArgument, "NO_VALUES_TO_UPDATE", "nothing to change"},
    {ErrorKind::kInvalidArgument, "INVALID_NAME_LENGTH", "name outside 1..32"},
    {ErrorKind::kInvalidArgument, "EXPIRES_IN_IS_TOO_SMALL", "under a day"},
    {ErrorKind::kInvalidArgument, "EXPIRES_IN_IS_TOO_LARGE", "over 365 days"},
    {ErrorKind::kInvalidArgument, "METADATA_DISABLED", "metadata without api_key_metadata"},
    {ErrorKind::kInvalidArgument, "INVALID_METADATA_TYPE", "metadata is not an object"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no keyId, or a wrong-typed field"},
};
inline constexpr http::RouteDoc kUpdateDoc{
    .tag = "API keys",
    .description = "The change reaches every node's key cache at commit.",
    .body = kUpdateBody,
    .responses = kKeyResponses,
    .errors = kUpdateErrors,
    .schemas = kApiKeySchemas,
};

inline constexpr http::FieldDoc kDeleteBody[] = {
    {"keyId", http::FieldType::kString, true, "The key's id"},
};
inline constexpr http::ResponseDoc kDeleteResponses[] = {
    {200, "Deleted: the key stops working at once",
     R"({"type":"object","required":["success"],"properties":{"success":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kDeleteErrors[] = {
    {ErrorKind::kNotFound, "KEY_NOT_FOUND", "no such key of this user"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no keyId"},
};
inline constexpr http::RouteDoc kDeleteDoc{
    .tag = "API keys",
    .body = kDeleteBody,
    .responses = kDeleteResponses,
    .errors = kDeleteErrors,
};

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_ROUTES_API_KEY_DOCS_H_
