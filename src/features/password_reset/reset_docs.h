// OpenAPI docs of request-password-reset and reset-password
// (http/route_doc.h).
#ifndef LK_FEATURES_PASSWORD_RESET_RESET_DOCS_H_
#define LK_FEATURES_PASSWORD_RESET_RESET_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::password_reset {

inline constexpr http::FieldDoc kRequestBody[] = {
    {"email", http::FieldType::kString, true, "The account's address", false, "email"},
    {"redirectTo", http::FieldType::kString, false,
     "Where the mailed link leads (relative or a trusted origin)"},
};
inline constexpr http::ResponseDoc kRequestResponses[] = {
    {200, "The same answer whether or not the address exists",
     R"({"type":"object","required":["status","message"],
         "properties":{"status":{"const":true},"message":{"type":"string"}}})"},
};
inline constexpr http::ErrorDoc kRequestErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kPermissionDenied, "INVALID_REDIRECT_URL", "redirectTo is not trusted"},
};
inline constexpr http::RouteDoc kRequestDoc{
    .tag = "Password reset",
    .description =
        "Mails <base URL>/api/auth/reset-password/<token>?callbackURL=<redirectTo> "
        "(single use, 1 h; a new request voids the old link).",
    .body = kRequestBody,
    .responses = kRequestResponses,
    .errors = kRequestErrors,
};

inline constexpr http::FieldDoc kCheckLinkQuery[] = {
    {"callbackURL", http::FieldType::kString, true, "Relative or on a trusted origin"},
};
inline constexpr http::ResponseDoc kCheckLinkResponses[] = {
    {302, "To callbackURL?token=<token>, or ?error=INVALID_TOKEN", ""},
};
inline constexpr http::ErrorDoc kCheckLinkErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no callbackURL"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
};
inline constexpr http::RouteDoc kCheckLinkDoc{
    .tag = "Password reset",
    .query = kCheckLinkQuery,
    .responses = kCheckLinkResponses,
    .errors = kCheckLinkErrors,
};

inline constexpr http::FieldDoc kResetBody[] = {
    {"newPassword", http::FieldType::kString, true, "The new password"},
    {"token", http::FieldType::kString, false, "The link's token (or ?token=)"},
};
inline constexpr http::FieldDoc kResetQuery[] = {
    {"token", http::FieldType::kString, false, "The link's token, when not in the body"},
};
inline constexpr http::ResponseDoc kResetResponses[] = {
    {200, "The password is set; every session (and, by default, API key) of the user ends",
     R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kResetErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_TOKEN", "unknown, expired or used token"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_SHORT", "under min_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_COMMON", "on the common-password list"},
    {ErrorKind::kInvalidArgument, "PASSWORD_COMPROMISED", "found in a breach (pwned_policy)"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_WEAK", "under the required strength"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
};
inline constexpr http::RouteDoc kResetDoc{
    .tag = "Password reset",
    .query = kResetQuery,
    .body = kResetBody,
    .responses = kResetResponses,
    .errors = kResetErrors,
};

}  // namespace latchkey::password_reset

#endif  // LK_FEATURES_PASSWORD_RESET_RESET_DOCS_H_
