// OpenAPI docs of the admin plugin's routes (http/route_doc.h, docs/api.md
// "Administration").
#ifndef LK_FEATURES_ADMIN_ROUTES_ADMIN_DOCS_H_
#define LK_FEATURES_ADMIN_ROUTES_ADMIN_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::admin {

inline constexpr std::string_view kTag = "Administration";

inline constexpr http::FieldDoc kListUsersQuery[] = {
    {"searchValue", http::FieldType::kString, false, "Text to look for (case-insensitive)"},
    {"searchField", http::FieldType::kString, false, "`email` (default) or `name`"},
    {"searchOperator", http::FieldType::kString, false, "`contains`, `starts_with`, `ends_with`"},
    {"filterField", http::FieldType::kString, false,
     "`role`, `banned`, `emailVerified`, `email` or `name`"},
    {"filterValue", http::FieldType::kString, false, "The value it must equal"},
    {"filterOperator", http::FieldType::kString, false, "`eq` (the only one)"},
    {"sortBy", http::FieldType::kString, false, "A user field (default `createdAt`)"},
    {"sortDirection", http::FieldType::kString, false, "`asc` or `desc`"},
    {"limit", http::FieldType::kInteger, false, "At most this many (≤ 1000; default 100)"},
    {"offset", http::FieldType::kInteger, false, "Skip this many"},
};
inline constexpr http::ResponseDoc kListUsersResponses[] = {
    {200, "A page of users and how many matched",
     R"({"type":"object","required":["users","total"],
         "properties":{"users":{"type":"array","items":{"type":"object"}},
                       "total":{"type":"integer"},"limit":{"type":"integer"},
                       "offset":{"type":"integer"}}})"},
};
inline constexpr http::ErrorDoc kListUsersErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS", "no user:list"},
    {ErrorKind::kInvalidArgument, "INVALID_SORT", "sortBy is not a user field"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a malformed parameter"},
};
inline constexpr http::RouteDoc kListUsersDoc{
    .tag = kTag,
    .query = kListUsersQuery,
    .responses = kListUsersResponses,
    .errors = kListUsersErrors,
};

inline constexpr http::FieldDoc kGetUserQuery[] = {
    {"id", http::FieldType::kString, true, "The user's id"},
};
inline constexpr http::ResponseDoc kUserResponses[] = {
    {200, "The user", R"({"type":"object"})"},
};
inline constexpr http::ErrorDoc kGetUserErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_GET_USER", "no user:get"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kGetUserDoc{
    .tag = kTag,
    .query = kGetUserQuery,
    .responses = kUserResponses,
    .errors = kGetUserErrors,
};

inline constexpr http::FieldDoc kSetRoleBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
    {"role", http::FieldType::kString, true, "A role, a comma list or an array of roles"},
};
inline constexpr http::ResponseDoc kWrappedUserResponses[] = {
    {200, "The user after the change",
     R"({"type":"object","properties":{"user":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kSetRoleErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE", "no user:set-role"},
    {ErrorKind::kInvalidArgument, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE",
     "an unknown role"},
    {ErrorKind::kInvalidArgument, "INVALID_ROLE_TYPE", "role is not a string or array"},
    {ErrorKind::kInvalidArgument, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN", "the last admin"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kSetRoleDoc{
    .tag = kTag,
    .body = kSetRoleBody,
    .responses = kWrappedUserResponses,
    .errors = kSetRoleErrors,
};

inline constexpr http::FieldDoc kBanBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
    {"banReason", http::FieldType::kString, false, "Shown to admins (default `No reason`)"},
    {"banExpiresIn", http::FieldType::kInteger, false, "Seconds; absent = until unbanned"},
};
inline constexpr http::ErrorDoc kBanErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS", "no user:ban"},
    {ErrorKind::kInvalidArgument, "YOU_CANNOT_BAN_YOURSELF", "userId is the caller"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kBanUserDoc{
    .tag = kTag,
    .description = "Every session of the user ends at once; sign-in answers 403 BANNED_USER.",
    .body = kBanBody,
    .responses = kWrappedUserResponses,
    .errors = kBanErrors,
};
inline constexpr http::FieldDoc kUserIdBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
};
inline constexpr http::ErrorDoc kUnbanErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS", "no user:ban"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kUnbanUserDoc{
    .tag = kTag,
    .body = kUserIdBody,
    .responses = kWrappedUserResponses,
    .errors = kUnbanErrors,
};

inline constexpr http::FieldDoc kHasPermissionBody[] = {
    {"permissions", http::FieldType::kObject, true,
     "resource → actions, e.g. {\"user\":[\"ban\"]}"},
    {"role", http::FieldType::kString, false, "Ask for this role instead of the caller's"},
};
inline constexpr http::ResponseDoc kHasPermissionResponses[] = {
    {200, "Whether every listed action is granted",
     R"({"type":"object","properties":{"error":{"type":"null"},"success":{"type":"boolean"}}})"},
};
inline constexpr http::RouteDoc kHasPermissionDoc{
    .tag = kTag,
    .body = kHasPermissionBody,
    .responses = kHasPermissionResponses,
};

inline constexpr http::ResponseDoc kSessionAndUserResponses[] = {
    {200, "The session now in the cookie, and its user",
     R"({"type":"object","required":["session","user"],
         "properties":{"session":{"type":"object"},"user":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kImpersonateErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS",
     "no user:impersonate"},
    {ErrorKind::kPermissionDenied, "NOT_ALLOWED_WHILE_IMPERSONATING",
     "the caller's session is itself an impersonation"},
    {ErrorKind::kPermissionDenied, "SECOND_FACTOR_REQUIRED",
     "two-factor is on and the session passed no second factor"},
    {ErrorKind::kPermissionDenied, "YOU_CANNOT_IMPERSONATE_ADMINS",
     "the target is an admin (admin_impersonate_admins is off)"},
    {ErrorKind::kPermissionDenied, "BANNED_USER", "the target is banned"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kImpersonateUserDoc{
    .tag = kTag,
    .description =
        "A session of the target with impersonatedBy, ending after admin_impersonation_minutes "
        "(never refreshed), in a don't-remember cookie; the admin's session waits in the signed "
        "admin_session cookie. Audited as admin.impersonation_started.",
    .body = kUserIdBody,
    .responses = kSessionAndUserResponses,
    .errors = kImpersonateErrors,
};
inline constexpr http::ErrorDoc kStopImpersonatingErrors[] = {
    {ErrorKind::kInvalidArgument, "NOT_IMPERSONATING", "the session is not an impersonation"},
    {ErrorKind::kUnauthenticated, "ADMIN_SESSION_NOT_FOUND",
     "the admin's session is gone or the admin_session cookie is missing: the impersonation "
     "ends anyway and every session cookie is expired"},
};
inline constexpr http::RouteDoc kStopImpersonatingDoc{
    .tag = kTag,
    .description =
        "Deletes the impersonation session and puts the admin's session back in the "
        "cookie. Audited as admin.impersonation_stopped.",
    .responses = kSessionAndUserResponses,
    .errors = kStopImpersonatingErrors,
};

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ROUTES_ADMIN_DOCS_H_
