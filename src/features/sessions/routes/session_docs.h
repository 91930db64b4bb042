// OpenAPI docs of the sessions feature's routes (http/route_doc.h):
// get-session, sign-out, the session list and revocation, multi-session.
#ifndef LK_FEATURES_SESSIONS_ROUTES_SESSION_DOCS_H_
#define LK_FEATURES_SESSIONS_ROUTES_SESSION_DOCS_H_

#include "features/users/user_docs.h"
#include "http/route_doc.h"

namespace latchkey::sessions {

inline constexpr http::SchemaDoc kSessionSchema{
    "Session",
    R"({"type":"object","required":["id","token","userId","expiresAt","createdAt","updatedAt"],
        "properties":{"id":{"type":"string"},
                      "token":{"type":"string","description":"The session token; in list-sessions an opaque handle for the other sessions"},
                      "userId":{"type":"string"},
                      "expiresAt":{"type":"string","format":"date-time"},
                      "createdAt":{"type":"string","format":"date-time"},
                      "updatedAt":{"type":"string","format":"date-time"},
                      "ipAddress":{"type":"string"},"userAgent":{"type":"string"}}})"};
inline constexpr http::SchemaDoc kSessionWithUserSchema{
    "SessionWithUser",
    R"({"type":"object","required":["session","user"],
        "properties":{"session":{"$ref":"#/components/schemas/Session"},
                      "user":{"$ref":"#/components/schemas/User"}}})"};
inline constexpr http::SchemaDoc kSessionSchemas[] = {users::kUserSchema, kSessionSchema,
                                                      kSessionWithUserSchema};

inline constexpr std::string_view kStatusTrue =
    R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})";
inline constexpr http::ResponseDoc kStatusResponses[] = {{200, "Done", kStatusTrue}};

inline constexpr http::FieldDoc kGetSessionQuery[] = {
    {"disableRefresh", http::FieldType::kString, false,
     "Any non-empty value: do not slide the session's expiry"},
};
inline constexpr http::ResponseDoc kGetSessionResponses[] = {
    {200, "The session and its user, or null without a live session (cookies then expired)",
     R"({"oneOf":[{"$ref":"#/components/schemas/SessionWithUser"},{"type":"null"}]})"},
};
inline constexpr http::RouteDoc kGetSessionDoc{
    .tag = "Sessions",
    .description =
        "Reads the session cookie (or bearer token, or API key with api_key_session). "
        "Slides the expiry once per update age; set-auth-jwt carries a JWT unless "
        "jwt_header_on_get_session is off. Past session_absolute_lifetime the answer "
        "is null.",
    .query = kGetSessionQuery,
    .responses = kGetSessionResponses,
    .schemas = kSessionSchemas,
};

inline constexpr http::ErrorDoc kPostGetSessionErrors[] = {
    {ErrorKind::kMethodNotAllowed, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
     "always: deferred session refresh is not implemented"},
};
inline constexpr http::RouteDoc kPostGetSessionDoc{
    .tag = "Sessions",
    .description =
        "Better Auth answers POST only with deferSessionRefresh; latchkey does not "
        "implement it.",
    .errors = kPostGetSessionErrors,
};

inline constexpr http::ResponseDoc kSignOutResponses[] = {
    {200,
     "The session ended; session_token, session_data, dont_remember and every "
     "multi-session cookie the request carried are expired",
     R"({"type":"object","required":["success"],"properties":{"success":{"const":true}}})"},
};
inline constexpr http::RouteDoc kSignOutDoc{
    .tag = "Sessions",
    .description = "Ends every session this browser holds; answers the same without a session.",
    .responses = kSignOutResponses,
};

inline constexpr http::ResponseDoc kListSessionsResponses[] = {
    {200, "The user's unexpired sessions, newest first",
     R"({"type":"array","items":{"$ref":"#/components/schemas/Session"}})"},
};
inline constexpr http::RouteDoc kListSessionsDoc{
    .tag = "Sessions",
    .description =
        "Only the current session's `token` is real; the others carry an opaque "
        "handle that revoke-session accepts like a token.",
    .responses = kListSessionsResponses,
    .schemas = kSessionSchemas,
};

inline constexpr http::FieldDoc kRevokeSessionBody[] = {
    {"token", http::FieldType::kString, true, "A session token or a list-sessions handle"},
};
inline constexpr http::ErrorDoc kValidationErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
};
inline constexpr http::RouteDoc kRevokeSessionDoc{
    .tag = "Sessions",
    .description =
        "Also 200 for a token that is not the user's (nothing happens). Revoking the "
        "current session expires its cookies; its refresh families end too.",
    .body = kRevokeSessionBody,
    .responses = kStatusResponses,
    .errors = kValidationErrors,
};
inline constexpr http::RouteDoc kRevokeSessionsDoc{
    .tag = "Sessions",
    .description = "Ends every session of the user, the current one included (cookies expired).",
    .responses = kStatusResponses,
};
inline constexpr http::RouteDoc kRevokeOtherSessionsDoc{
    .tag = "Sessions",
    .description = "Ends every session of the user but the current one.",
    .responses = kStatusResponses,
};

inline constexpr http::ResponseDoc kDeviceSessionsResponses[] = {
    {200, "One {session, user} per user signed in in this browser",
     R"({"type":"array","items":{"$ref":"#/components/schemas/SessionWithUser"}})"},
};
inline constexpr http::RouteDoc kListDeviceSessionsDoc{
    .tag = "Multi-session",
    .description = "Reads the browser's multi-session cookies (better-auth.session_token_multi-*).",
    .responses = kDeviceSessionsResponses,
    .schemas = kSessionSchemas,
};

inline constexpr http::FieldDoc kSessionTokenBody[] = {
    {"sessionToken", http::FieldType::kString, true, "A session token of this browser"},
};
inline constexpr http::ResponseDoc kSetActiveResponses[] = {
    {200, "The session now active (session_token carries it)",
     R"({"$ref":"#/components/schemas/SessionWithUser"})"},
};
inline constexpr http::ErrorDoc kMultiSessionErrors[] = {
    {ErrorKind::kUnauthenticated, "INVALID_SESSION_TOKEN", "not a live session of this browser"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
};
inline constexpr http::RouteDoc kSetActiveDoc{
    .tag = "Multi-session",
    .body = kSessionTokenBody,
    .responses = kSetActiveResponses,
    .errors = kMultiSessionErrors,
    .schemas = kSessionSchemas,
};
inline constexpr http::RouteDoc kRevokeDeviceSessionDoc{
    .tag = "Multi-session",
    .description =
        "If it was the active session, the next one of this browser takes over, or "
        "the cookies are cleared.",
    .body = kSessionTokenBody,
    .responses = kStatusResponses,
    .errors = kMultiSessionErrors,
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_ROUTES_SESSION_DOCS_H_
