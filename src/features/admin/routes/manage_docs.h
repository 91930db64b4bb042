// OpenAPI docs of the admin routes that manage accounts and sessions, and
// of the operator extras (http/route_doc.h, docs/api.md "Administration").
#ifndef LK_FEATURES_ADMIN_ROUTES_MANAGE_DOCS_H_
#define LK_FEATURES_ADMIN_ROUTES_MANAGE_DOCS_H_

#include "features/admin/routes/admin_docs.h"

namespace latchkey::admin {

inline constexpr http::ResponseDoc kSuccessResponses[] = {
    {200, "Done", R"({"type":"object","properties":{"success":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kNotFoundError[] = {
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};

inline constexpr http::FieldDoc kCreateUserBody[] = {
    {"email", http::FieldType::kString, true, "The new user's e-mail"},
    {"password", http::FieldType::kString, false,
     "Absent: no password (the user signs in another way)"},
    {"name", http::FieldType::kString, true, "The new user's name"},
    {"role", http::FieldType::kString, false, "A role, a comma list or an array (user:set-role)"},
    {"data", http::FieldType::kObject, false,
     "`image`, `emailVerified`, `role`; `banned`, `banReason` with user:ban"},
};
inline constexpr http::ErrorDoc kCreateUserErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS", "no user:create"},
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE",
     "a role without user:set-role"},
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS",
     "ban fields without user:ban"},
    {ErrorKind::kInvalidArgument, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "the e-mail is taken"},
    {ErrorKind::kInvalidArgument, "INVALID_EMAIL", "not an e-mail address"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_SHORT", "the password policy refused it"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a malformed field"},
};
inline constexpr http::RouteDoc kCreateUserDoc{
    .tag = kTag,
    .description =
        "The same creation path as sign-up (its hooks and password policy), without "
        "a session or a verification mail.",
    .body = kCreateUserBody,
    .responses = kWrappedUserResponses,
    .errors = kCreateUserErrors,
};

inline constexpr http::FieldDoc kUpdateUserBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
    {"data", http::FieldType::kObject, true,
     "`name`, `image`; `role` (user:set-role); `banned`, `banReason`, `banExpires` (user:ban); "
     "`email`, `emailVerified` (user:set-email)"},
};
inline constexpr http::ResponseDoc kBareUserResponses[] = {
    {200, "The user after the change", R"({"type":"object"})"},
};
inline constexpr http::ErrorDoc kUpdateUserErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS", "no user:update"},
    {ErrorKind::kInvalidArgument, "NO_DATA_TO_UPDATE", "data is empty"},
    {ErrorKind::kInvalidArgument, "PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER", "data.password"},
    {ErrorKind::kInvalidArgument, "USER_ID_CANNOT_BE_UPDATED", "data.id"},
    {ErrorKind::kInvalidArgument, "YOU_CANNOT_BAN_YOURSELF", "banned: true on yourself"},
    {ErrorKind::kInvalidArgument, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "the e-mail is taken"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kUpdateUserDoc{
    .tag = kTag,
    .body = kUpdateUserBody,
    .responses = kBareUserResponses,
    .errors = kUpdateUserErrors,
};

inline constexpr http::FieldDoc kSetPasswordBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
    {"newPassword", http::FieldType::kString, true, "The new password (the password policy)"},
};
inline constexpr http::ResponseDoc kStatusResponses[] = {
    {200, "Done", R"({"type":"object","properties":{"status":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kSetPasswordErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD",
     "no user:set-password"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_SHORT", "the password policy refused it"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kSetPasswordDoc{
    .tag = kTag,
    .description = "Every session of the user ends (docs/compatibility.md).",
    .body = kSetPasswordBody,
    .responses = kStatusResponses,
    .errors = kSetPasswordErrors,
};

inline constexpr http::ErrorDoc kRemoveUserErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS", "no user:delete"},
    {ErrorKind::kInvalidArgument, "YOU_CANNOT_REMOVE_YOURSELF", "userId is the caller"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kRemoveUserDoc{
    .tag = kTag,
    .description = "Deletes the user and everything they own, as delete-user does.",
    .body = kUserIdBody,
    .responses = kSuccessResponses,
    .errors = kRemoveUserErrors,
};

inline constexpr http::ResponseDoc kSessionListResponses[] = {
    {200, "The user's unexpired sessions; `token` is a handle revoke-user-session takes",
     R"({"type":"object","properties":{"sessions":{"type":"array","items":{"type":"object"}}}})"},
};
inline constexpr http::ErrorDoc kListSessionsErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS", "no session:list"},
};
inline constexpr http::RouteDoc kListUserSessionsDoc{
    .tag = kTag,
    .body = kUserIdBody,
    .responses = kSessionListResponses,
    .errors = kListSessionsErrors,
};
inline constexpr http::FieldDoc kSessionTokenBody[] = {
    {"sessionToken", http::FieldType::kString, true,
     "A session token, or the handle list-user-sessions gave"},
};
inline constexpr http::ErrorDoc kRevokeErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS",
     "no session:revoke"},
};
inline constexpr http::RouteDoc kRevokeUserSessionDoc{
    .tag = kTag,
    .body = kSessionTokenBody,
    .responses = kSuccessResponses,
    .errors = kRevokeErrors,
};
inline constexpr http::RouteDoc kRevokeUserSessionsDoc{
    .tag = kTag,
    .body = kUserIdBody,
    .responses = kSuccessResponses,
    .errors = kRevokeErrors,
};

inline constexpr http::FieldDoc kResendBody[] = {
    {"userId", http::FieldType::kString, true, "The user"},
    {"callbackURL", http::FieldType::kString, false, "Where the link leads after verifying"},
};
inline constexpr http::ErrorDoc kResetTwoFactorErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_RESET_TWO_FACTOR",
     "no user:reset-two-factor"},
    {ErrorKind::kNotFound, "ACCOUNT_OPERATION_UNAVAILABLE", "the feature that offers it is off"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::ErrorDoc kResendVerificationErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_RESEND_VERIFICATION",
     "no user:resend-verification"},
    {ErrorKind::kNotFound, "ACCOUNT_OPERATION_UNAVAILABLE", "the feature that offers it is off"},
    {ErrorKind::kInvalidArgument, "EMAIL_ALREADY_VERIFIED", "nothing to verify"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::ErrorDoc kUnlockUserErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED_TO_UNLOCK_USERS", "no user:unlock"},
    {ErrorKind::kNotFound, "ACCOUNT_OPERATION_UNAVAILABLE", "the feature that offers it is off"},
    {ErrorKind::kNotFound, "USER_NOT_FOUND", "no such user"},
};
inline constexpr http::RouteDoc kResetTwoFactorDoc{
    .tag = kTag,
    .description =
        "Turns two-factor authentication off for the user and forgets their trusted "
        "devices; the user is mailed.",
    .body = kUserIdBody,
    .responses = kSuccessResponses,
    .errors = kResetTwoFactorErrors,
};
inline constexpr http::RouteDoc kResendVerificationDoc{
    .tag = kTag,
    .description =
        "Mails the user a new verification link (the per-account mail budget "
        "applies).",
    .body = kResendBody,
    .responses = kSuccessResponses,
    .errors = kResendVerificationErrors,
};
inline constexpr http::RouteDoc kUnlockUserDoc{
    .tag = kTag,
    .description = "Lifts the user's sign-in and second-factor lockouts.",
    .body = kUserIdBody,
    .responses = kSuccessResponses,
    .errors = kUnlockUserErrors,
};

inline constexpr http::ResponseDoc kMetricsResponses[] = {
    {200, "Prometheus text exposition, as GET /metrics (docs/operations.md \"Metrics\")",
     R"({"type":"string"})", "text/plain"},
};
inline constexpr http::ErrorDoc kMetricsErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "the caller lacks metrics:read"},
};
inline constexpr http::RouteDoc kMetricsDoc{
    .tag = kTag,
    .description =
        "The answering node's metrics for the admin console's dashboard, with the "
        "admin session's credentials instead of metrics_token.",
    .responses = kMetricsResponses,
    .errors = kMetricsErrors,
};

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ROUTES_MANAGE_DOCS_H_
