// OpenAPI docs of sign-up, sign-in, change-password and verify-password
// (http/route_doc.h). The abuse guard's codes (lockout, CAPTCHA, password
// policy) are listed where it runs (docs/operations.md).
#ifndef LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_DOCS_H_
#define LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_DOCS_H_

#include "features/users/user_docs.h"
#include "http/route_doc.h"

namespace latchkey::email_password {

inline constexpr http::SchemaDoc kUserSchemas[] = {users::kUserSchema};

inline constexpr http::FieldDoc kSignUpBody[] = {
    {"name", http::FieldType::kString, true, "Display name"},
    {"email", http::FieldType::kString, true, "E-mail address", false, "email"},
    {"password", http::FieldType::kString, true,
     "min_password_length..max_password_length characters"},
    {"image", http::FieldType::kString, false, "Picture URL"},
    {"callbackURL", http::FieldType::kString, false,
     "Where the verification link leads (relative or a trusted origin)"},
    {"rememberMe", http::FieldType::kBoolean, false,
     "false: a one-day session without Max-Age (default true)"},
};
inline constexpr http::ResponseDoc kSignUpResponses[] = {
    {200,
     "Signed up and in (session cookie, set-auth-token); token is null with "
     "require_email_verification",
     R"({"type":"object","required":["token","user"],
         "properties":{"token":{"type":["string","null"]},
                       "user":{"$ref":"#/components/schemas/User"},
                       "passwordWarning":{"const":"PASSWORD_COMPROMISED",
                                          "description":"with pwned_policy=warn"}}})"},
};
inline constexpr http::ErrorDoc kSignUpErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR",
     "a missing or wrong-typed field, an invalid e-mail, an over-long string"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_SHORT", "under min_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_COMMON", "on the common-password list"},
    {ErrorKind::kInvalidArgument, "PASSWORD_COMPROMISED", "found in a breach (pwned_policy)"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_WEAK", "under the required strength"},
    {ErrorKind::kUnprocessable, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "the e-mail is taken"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
    {ErrorKind::kPermissionDenied, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
     "a cross-site navigation (form post from another site)"},
    {ErrorKind::kInvalidArgument, "MISSING_RESPONSE",
     "the route needs a CAPTCHA and "
     "x-captcha-response is missing"},
    {ErrorKind::kPermissionDenied, "VERIFICATION_FAILED", "the CAPTCHA answer was refused"},
    {ErrorKind::kUnavailable, "CAPTCHA_UNAVAILABLE", "the CAPTCHA provider did not answer"},
};
inline constexpr http::RouteDoc kSignUpDoc{
    .tag = "E-mail and password",
    .description =
        "Creates the user and its credential account, then signs it in (unless "
        "require_email_verification). JSON or form body.",
    .body = kSignUpBody,
    .form_body = true,
    .responses = kSignUpResponses,
    .errors = kSignUpErrors,
    .schemas = kUserSchemas,
};

inline constexpr http::FieldDoc kSignInBody[] = {
    {"email", http::FieldType::kString, true, "E-mail address", false, "email"},
    {"password", http::FieldType::kString, true, "The password"},
    {"callbackURL", http::FieldType::kString, false,
     "Where to go next: answered as `url` and a Location header"},
    {"rememberMe", http::FieldType::kBoolean, false,
     "false: a one-day session without Max-Age (default true)"},
};
inline constexpr http::ResponseDoc kSignInResponses[] = {
    {200, "Signed in (session cookie, set-auth-token)",
     R"({"type":"object","required":["redirect","token","user"],
         "properties":{"redirect":{"type":"boolean"},"token":{"type":"string"},
                       "url":{"type":"string"},
                       "user":{"$ref":"#/components/schemas/User"}}})"},
};
inline constexpr http::ErrorDoc kSignInErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kInvalidArgument, "INVALID_EMAIL", "not an e-mail address"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
    {ErrorKind::kUnauthenticated, "INVALID_EMAIL_OR_PASSWORD",
     "unknown e-mail or wrong password (the same answer)"},
    {ErrorKind::kPermissionDenied, "EMAIL_NOT_VERIFIED",
     "require_email_verification and the e-mail is not verified (after a correct password)"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED",
     "too many wrong passwords (Retry-After)"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL is not trusted"},
    {ErrorKind::kPermissionDenied, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
     "a cross-site navigation (form post from another site)"},
    {ErrorKind::kInvalidArgument, "MISSING_RESPONSE",
     "the route needs a CAPTCHA and "
     "x-captcha-response is missing"},
    {ErrorKind::kPermissionDenied, "VERIFICATION_FAILED", "the CAPTCHA answer was refused"},
    {ErrorKind::kUnavailable, "CAPTCHA_UNAVAILABLE", "the CAPTCHA provider did not answer"},
};
inline constexpr http::RouteDoc kSignInDoc{
    .tag = "E-mail and password",
    .description =
        "Wrong passwords count toward the account lockout; with captcha_routes the "
        "x-captcha-response header is checked first. JSON or form body.",
    .body = kSignInBody,
    .form_body = true,
    .responses = kSignInResponses,
    .errors = kSignInErrors,
    .schemas = kUserSchemas,
};

inline constexpr http::FieldDoc kChangePasswordBody[] = {
    {"currentPassword", http::FieldType::kString, true, "The current password"},
    {"newPassword", http::FieldType::kString, true, "The new password"},
    {"revokeOtherSessions", http::FieldType::kBoolean, false,
     "true: every session is replaced by a new one (cookie set)"},
};
inline constexpr http::ResponseDoc kChangePasswordResponses[] = {
    {200, "Changed",
     R"({"type":"object","required":["token","user"],
         "properties":{"token":{"type":["string","null"],
                                "description":"the new session token with revokeOtherSessions"},
                       "user":{"$ref":"#/components/schemas/User"}}})"},
};
inline constexpr http::ErrorDoc kChangePasswordErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "currentPassword is wrong"},
    {ErrorKind::kInvalidArgument, "CREDENTIAL_ACCOUNT_NOT_FOUND", "the user has no password"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_SHORT", "under min_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_COMMON", "on the common-password list"},
    {ErrorKind::kInvalidArgument, "PASSWORD_COMPROMISED", "found in a breach (pwned_policy)"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_WEAK", "under the required strength"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED",
     "too many wrong passwords (Retry-After)"},
};
inline constexpr http::RouteDoc kChangePasswordDoc{
    .tag = "E-mail and password",
    .description = "A wrong currentPassword counts toward the account lockout.",
    .body = kChangePasswordBody,
    .responses = kChangePasswordResponses,
    .errors = kChangePasswordErrors,
    .schemas = kUserSchemas,
};

inline constexpr http::FieldDoc kVerifyPasswordBody[] = {
    {"password", http::FieldType::kString, true, "The signed-in user's password"},
};
inline constexpr http::ResponseDoc kVerifyPasswordResponses[] = {
    {200, "The password is right",
     R"({"type":"object","required":["status"],"properties":{"status":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kVerifyPasswordErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "a missing or wrong-typed field"},
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD",
     "wrong password, or the user has no password"},
    {ErrorKind::kInvalidArgument, "PASSWORD_TOO_LONG", "over max_password_length"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED",
     "too many wrong passwords (Retry-After)"},
};
inline constexpr http::RouteDoc kVerifyPasswordDoc{
    .tag = "E-mail and password",
    .description =
        "A step-up check before a sensitive action; a wrong password counts toward "
        "the account lockout like a sign-in.",
    .body = kVerifyPasswordBody,
    .responses = kVerifyPasswordResponses,
    .errors = kVerifyPasswordErrors,
};

}  // namespace latchkey::email_password

#endif  // LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_DOCS_H_
