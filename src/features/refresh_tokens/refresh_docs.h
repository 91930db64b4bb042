// OpenAPI docs of the refresh-token routes (http/route_doc.h).
#ifndef LK_FEATURES_REFRESH_TOKENS_REFRESH_DOCS_H_
#define LK_FEATURES_REFRESH_TOKENS_REFRESH_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::refresh_tokens {

inline constexpr http::SchemaDoc kPairSchema{"TokenPair",
                                             R"({"type":"object",
        "required":["access_token","token_type","expires_in","refresh_token","refresh_token_expires_in"],
        "properties":{"access_token":{"type":"string","description":"a JWT with sid"},
                      "token_type":{"const":"Bearer"},
                      "expires_in":{"type":"integer","description":"seconds"},
                      "refresh_token":{"type":"string","description":"lkr_…; keep the newest"},
                      "refresh_token_expires_in":{"type":"integer","description":"seconds"}}})"};
inline constexpr http::SchemaDoc kPairSchemas[] = {kPairSchema};
inline constexpr http::ResponseDoc kPairResponses[] = {
    {200, "A new access + refresh token pair (Cache-Control: no-store)",
     R"({"$ref":"#/components/schemas/TokenPair"})"},
};

inline constexpr http::RouteDoc kIssueDoc{
    .tag = "Refresh tokens",
    .description =
        "Starts a refresh family bound to the caller's session: it ends with the "
        "session (sign-out, revocation, password reset).",
    .responses = kPairResponses,
    .schemas = kPairSchemas,
};

inline constexpr http::FieldDoc kRefreshBody[] = {
    {"refresh_token", http::FieldType::kString, true, "The newest refresh token of the family"},
};
inline constexpr http::ErrorDoc kRefreshErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no refresh_token"},
    {ErrorKind::kUnauthenticated, "INVALID_REFRESH_TOKEN", "unknown, or its family ended"},
    {ErrorKind::kUnauthenticated, "REFRESH_TOKEN_EXPIRED", "the family is past refresh_token_ttl"},
    {ErrorKind::kUnauthenticated, "REFRESH_TOKEN_REUSED",
     "a spent token again (after refresh_reuse_grace, or twice within it): the family is revoked"},
};
inline constexpr http::RouteDoc kRefreshDoc{
    .tag = "Refresh tokens",
    .description =
        "Rotation: the presented token is spent. Within refresh_reuse_grace of its "
        "spending it buys one more pair, once. JSON or form body.",
    .body = kRefreshBody,
    .form_body = true,
    .responses = kPairResponses,
    .errors = kRefreshErrors,
    .schemas = kPairSchemas,
};

inline constexpr http::ResponseDoc kRevokeResponses[] = {
    {200, "The family ended (also 200 for an unknown token)",
     R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kRevokeErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no refresh_token"},
};
inline constexpr http::RouteDoc kRevokeDoc{
    .tag = "Refresh tokens",
    .body = kRefreshBody,
    .form_body = true,
    .responses = kRevokeResponses,
    .errors = kRevokeErrors,
};

}  // namespace latchkey::refresh_tokens

#endif  // LK_FEATURES_REFRESH_TOKENS_REFRESH_DOCS_H_
