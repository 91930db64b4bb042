// OpenAPI docs of GET /token, GET /jwks and POST /jwt/verify
// (http/route_doc.h).
#ifndef LK_FEATURES_JWT_JWT_DOCS_H_
#define LK_FEATURES_JWT_JWT_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::jwt {

inline constexpr http::ResponseDoc kTokenResponses[] = {
    {200, "A JWT (15 min by default): user fields + sub, iat, exp, iss, aud",
     R"({"type":"object","required":["token"],"properties":{"token":{"type":"string"}}})"},
};
inline constexpr http::RouteDoc kTokenDoc{
    .tag = "JWT",
    .description =
        "Verify it offline against /jwks (refetch on an unknown kid) or with "
        "POST /jwt/verify.",
    .responses = kTokenResponses,
};

inline constexpr http::ResponseDoc kJwksResponses[] = {
    {200,
     "The signing key and the retired keys whose tokens may still be live "
     "(Cache-Control: public, max-age=60)",
     R"({"type":"object","required":["keys"],
         "properties":{"keys":{"type":"array","items":{"type":"object",
             "required":["kty","kid"],
             "properties":{"kty":{"type":"string"},"kid":{"type":"string"},
                           "alg":{"type":"string"},"use":{"type":"string"}}}}}})"},
};
inline constexpr http::RouteDoc kJwksDoc{
    .tag = "JWT",
    .description = "RFC 7517 JWK Set.",
    .responses = kJwksResponses,
};

inline constexpr http::FieldDoc kVerifyBody[] = {
    {"token", http::FieldType::kString, true, "A JWT latchkey signed"},
};
inline constexpr http::ResponseDoc kVerifyResponses[] = {
    {200, "Valid: its claims",
     R"({"type":"object","required":["valid","payload"],
         "properties":{"valid":{"const":true},"payload":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kVerifyErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no token"},
    {ErrorKind::kUnauthenticated, "JWT_MALFORMED", "not a compact JWS"},
    {ErrorKind::kUnauthenticated, "JWT_TOO_LARGE", "over the size limit"},
    {ErrorKind::kUnauthenticated, "JWT_DUPLICATE_MEMBER", "a header or claim appears twice"},
    {ErrorKind::kUnauthenticated, "JWT_ALG_NOT_ALLOWED", "an algorithm latchkey does not sign"},
    {ErrorKind::kUnauthenticated, "JWT_FORBIDDEN_HEADER", "jku, x5u, x5c, jwk or crit"},
    {ErrorKind::kUnauthenticated, "JWT_BAD_TYPE", "a typ other than JWT"},
    {ErrorKind::kUnauthenticated, "JWT_UNKNOWN_KID", "no published key has its kid"},
    {ErrorKind::kUnauthenticated, "JWT_BAD_SIGNATURE", "the signature does not verify"},
    {ErrorKind::kUnauthenticated, "JWT_MISSING_CLAIM", "exp, iat, iss or aud is missing"},
    {ErrorKind::kUnauthenticated, "JWT_EXPIRED",
     "past exp (jwt_clock_skew leeway, 2 minutes by default)"},
    {ErrorKind::kUnauthenticated, "JWT_NOT_YET_VALID", "before nbf or iat (jwt_clock_skew leeway)"},
    {ErrorKind::kUnauthenticated, "JWT_BAD_ISSUER", "iss is not this server"},
    {ErrorKind::kUnauthenticated, "JWT_BAD_AUDIENCE", "aud is not this server"},
};
inline constexpr http::RouteDoc kVerifyDoc{
    .tag = "JWT",
    .body = kVerifyBody,
    .responses = kVerifyResponses,
    .errors = kVerifyErrors,
};

}  // namespace latchkey::jwt

#endif  // LK_FEATURES_JWT_JWT_DOCS_H_
