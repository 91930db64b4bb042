// OpenAPI docs of update-user, list-accounts and delete-user
// (http/route_doc.h).
#ifndef LK_FEATURES_ACCOUNT_ROUTES_ACCOUNT_DOCS_H_
#define LK_FEATURES_ACCOUNT_ROUTES_ACCOUNT_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::account {

inline constexpr http::FieldDoc kUpdateUserBody[] = {
    {"name", http::FieldType::kString, false, "New display name"},
    {"image", http::FieldType::kString, false, "New picture URL, or null to remove it", true},
};
inline constexpr http::ResponseDoc kUpdateUserResponses[] = {
    {200, "Updated; the session cookie is re-sent (not for an API key)",
     R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kUpdateUserErrors[] = {
    {ErrorKind::kInvalidArgument, "EMAIL_CAN_NOT_BE_UPDATED", "the body has `email`"},
    {ErrorKind::kInvalidArgument, "", "\"No fields to update\": neither name nor image"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a wrong-typed or over-long field"},
};
inline constexpr http::RouteDoc kUpdateUserDoc{
    .tag = "Account",
    .body = kUpdateUserBody,
    .responses = kUpdateUserResponses,
    .errors = kUpdateUserErrors,
};

inline constexpr http::ResponseDoc kListAccountsResponses[] = {
    {200, "The user's accounts (credential today)",
     R"({"type":"array","items":{"type":"object",
         "required":["id","providerId","accountId","userId","createdAt","updatedAt","scopes"],
         "properties":{"id":{"type":"string"},"providerId":{"type":"string"},
                       "accountId":{"type":"string"},"userId":{"type":"string"},
                       "createdAt":{"type":"string","format":"date-time"},
                       "updatedAt":{"type":"string","format":"date-time"},
                       "scopes":{"type":"array","items":{"type":"string"}}}}})"},
};
inline constexpr http::RouteDoc kListAccountsDoc{
    .tag = "Account",
    .responses = kListAccountsResponses,
};

inline constexpr std::string_view kDeletedSchema =
    R"({"type":"object","required":["success","message"],
        "properties":{"success":{"const":true},
                      "message":{"enum":["User deleted","Verification email sent"]}}})";
inline constexpr http::FieldDoc kDeleteUserBody[] = {
    {"password", http::FieldType::kString, false,
     "The password; without it the session must be fresh (session_fresh_age)"},
    {"token", http::FieldType::kString, false, "The token of a mailed confirmation link"},
    {"callbackURL", http::FieldType::kString, false, "Where the confirmation link leads"},
};
inline constexpr http::ResponseDoc kDeleteUserResponses[] = {
    {200, "Deleted (cookies expired), or with delete_user_confirm_by_mail a link was mailed",
     kDeletedSchema},
    {404, "Empty: delete_user_enabled is off", ""},
};
inline constexpr http::ErrorDoc kDeleteUserErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password"},
    {ErrorKind::kInvalidArgument, "CREDENTIAL_ACCOUNT_NOT_FOUND", "the user has no password"},
    {ErrorKind::kInvalidArgument, "SESSION_EXPIRED", "no password and the session is not fresh"},
    {ErrorKind::kNotFound, "INVALID_TOKEN", "the token is unknown, used or another user's"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED",
     "too many wrong passwords (Retry-After)"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a wrong-typed field"},
};
inline constexpr http::RouteDoc kDeleteUserDoc{
    .tag = "Account",
    .description = "The user, its accounts, sessions and keys go in one transaction.",
    .body = kDeleteUserBody,
    .responses = kDeleteUserResponses,
    .errors = kDeleteUserErrors,
};

inline constexpr http::FieldDoc kDeleteCallbackQuery[] = {
    {"token", http::FieldType::kString, true, "The token of the mailed link"},
    {"callbackURL", http::FieldType::kString, false, "Where to redirect once deleted"},
};
inline constexpr http::ResponseDoc kDeleteCallbackResponses[] = {
    {200, "Deleted", kDeletedSchema},
    {302, "Deleted; redirect to callbackURL", ""},
    {404, "Empty: delete_user_enabled is off", ""},
};
inline constexpr http::ErrorDoc kDeleteCallbackErrors[] = {
    {ErrorKind::kNotFound, "FAILED_TO_GET_USER_INFO", "no session"},
    {ErrorKind::kNotFound, "INVALID_TOKEN", "the token is unknown, used or another user's"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
};
inline constexpr http::RouteDoc kDeleteCallbackDoc{
    .tag = "Account",
    .description = "Only the signed-in owner of the token can follow it.",
    .query = kDeleteCallbackQuery,
    .responses = kDeleteCallbackResponses,
    .errors = kDeleteCallbackErrors,
};

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ROUTES_ACCOUNT_DOCS_H_
