// OpenAPI docs of send-verification-email, verify-email and change-email
// (http/route_doc.h).
#ifndef LK_FEATURES_EMAIL_VERIFICATION_VERIFICATION_DOCS_H_
#define LK_FEATURES_EMAIL_VERIFICATION_VERIFICATION_DOCS_H_

#include "features/users/user_docs.h"
#include "http/route_doc.h"

namespace latchkey::email_verification {

inline constexpr std::string_view kStatusTrue =
    R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})";

inline constexpr http::FieldDoc kSendBody[] = {
    {"email", http::FieldType::kString, true, "The address to verify", false, "email"},
    {"callbackURL", http::FieldType::kString, false,
     "Where the link leads once verified (relative or a trusted origin)"},
};
inline constexpr http::ResponseDoc kSendResponses[] = {
    {200,
     "Mailed; without a session the same answer for unknown or verified addresses (no "
     "mail then)",
     kStatusTrue},
};
inline constexpr http::ErrorDoc kSendErrors[] = {
    {ErrorKind::kInvalidArgument, "EMAIL_MISMATCH", "signed in, and email is not the user's"},
    {ErrorKind::kInvalidArgument, "EMAIL_ALREADY_VERIFIED", "signed in, and already verified"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
};
inline constexpr http::RouteDoc kSendDoc{
    .tag = "E-mail verification",
    .description = "Mails <base URL>/api/auth/verify-email?token=<JWT, 1 h>&callbackURL=….",
    .body = kSendBody,
    .responses = kSendResponses,
    .errors = kSendErrors,
};

inline constexpr http::SchemaDoc kUserSchemas[] = {users::kUserSchema};
inline constexpr http::FieldDoc kVerifyQuery[] = {
    {"token", http::FieldType::kString, true, "The token of the mailed link"},
    {"callbackURL", http::FieldType::kString, false, "Where to redirect (errors as ?error=CODE)"},
};
inline constexpr http::ResponseDoc kVerifyResponses[] = {
    {200,
     "Verified (or a change-email step done); with auto_sign_in_after_verification a "
     "session starts",
     R"({"type":"object","required":["status"],
         "properties":{"status":{"const":true},
                       "user":{"oneOf":[{"$ref":"#/components/schemas/User"},{"type":"null"}]}}})"},
    {302, "Done, or failed with ?error=CODE: redirect to callbackURL", ""},
};
inline constexpr http::ErrorDoc kVerifyErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no token"},
    {ErrorKind::kUnauthenticated, "INVALID_TOKEN",
     "a bad signature, a used link, or a token bound to another user"},
    {ErrorKind::kUnauthenticated, "TOKEN_EXPIRED", "the link is over an hour old"},
    {ErrorKind::kUnauthenticated, "USER_NOT_FOUND", "the user is gone"},
    {ErrorKind::kUnauthenticated, "INVALID_USER",
     "a change-email link followed while signed in as someone else"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
};
inline constexpr http::RouteDoc kVerifyDoc{
    .tag = "E-mail verification",
    .description =
        "Also follows the two change-email links (approval by the old address, then "
        "verification of the new one).",
    .query = kVerifyQuery,
    .responses = kVerifyResponses,
    .errors = kVerifyErrors,
    .schemas = kUserSchemas,
};

inline constexpr http::FieldDoc kChangeEmailBody[] = {
    {"newEmail", http::FieldType::kString, true, "The new address", false, "email"},
    {"callbackURL", http::FieldType::kString, false, "Where the links lead"},
    {"password", http::FieldType::kString, false,
     "Needed when the session is older than session_fresh_age"},
};
inline constexpr http::ResponseDoc kChangeEmailResponses[] = {
    {200,
     "Started (also for a taken address: no mail then). A verified user's old address "
     "approves first",
     kStatusTrue},
};
inline constexpr http::ErrorDoc kChangeEmailErrors[] = {
    {ErrorKind::kInvalidArgument, "CHANGE_EMAIL_DISABLED", "change_email_enabled is off"},
    {ErrorKind::kInvalidArgument, "", "\"Email is the same\""},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password"},
    {ErrorKind::kInvalidArgument, "CREDENTIAL_ACCOUNT_NOT_FOUND", "the user has no password"},
    {ErrorKind::kPermissionDenied, "SESSION_NOT_FRESH", "a stale session without password"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED",
     "too many wrong passwords (Retry-After)"},
};
inline constexpr http::RouteDoc kChangeEmailDoc{
    .tag = "E-mail verification",
    .description = "Links last an hour and die with the asking session or at a password change.",
    .body = kChangeEmailBody,
    .responses = kChangeEmailResponses,
    .errors = kChangeEmailErrors,
};

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_VERIFICATION_DOCS_H_
