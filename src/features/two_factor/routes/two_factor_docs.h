// OpenAPI docs of the twoFactor plugin's routes (http/route_doc.h,
// docs/api.md "Two-factor authentication").
#ifndef LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_DOCS_H_
#define LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::two_factor {

inline constexpr std::string_view kTag = "Two-factor";

inline constexpr http::FieldDoc kPasswordBody[] = {
    {"password", http::FieldType::kString, true, "The user's password"},
};
inline constexpr http::ErrorDoc kPasswordErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password, or none set"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no password"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED", "too many wrong passwords"},
};

inline constexpr http::FieldDoc kEnableBody[] = {
    {"password", http::FieldType::kString, true, "The user's password"},
    {"method", http::FieldType::kString, false, "`totp` (default) or `otp` (codes by mail)"},
    {"issuer", http::FieldType::kString, false, "The issuer in the otpauth URI"},
};
inline constexpr http::ResponseDoc kEnableResponses[] = {
    {200,
     "totp: the URI and ten recovery codes (shown once); 2FA turns on with the first verified "
     "code. otp: on at once, with a new session cookie",
     R"({"type":"object","required":["method"],
         "properties":{"method":{"type":"string","enum":["totp","otp"]},
                       "totpURI":{"type":"string"},
                       "backupCodes":{"type":"array","items":{"type":"string"}}}})"},
};
inline constexpr http::ErrorDoc kEnableErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password, or none set"},
    {ErrorKind::kInvalidArgument, "TOTP_ALREADY_ENABLED", "an authenticator is already proven"},
    {ErrorKind::kInvalidArgument, "OTP_NOT_CONFIGURED", "method otp without two_factor_otp"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no password, or an unknown method"},
};
inline constexpr http::RouteDoc kEnableDoc{
    .tag = kTag,
    .body = kEnableBody,
    .responses = kEnableResponses,
    .errors = kEnableErrors,
};

inline constexpr http::ResponseDoc kStatusResponses[] = {
    {200, "Done; a new session cookie replaces the old",
     R"({"type":"object","properties":{"status":{"type":"boolean"}}})"},
};
inline constexpr http::RouteDoc kDisableDoc{
    .tag = kTag,
    .description = "Deletes the authenticator, recovery codes and every trusted device.",
    .body = kPasswordBody,
    .responses = kStatusResponses,
    .errors = kPasswordErrors,
};

inline constexpr http::ResponseDoc kTotpUriResponses[] = {
    {200, "The otpauth URI",
     R"({"type":"object","required":["totpURI"],"properties":{"totpURI":{"type":"string"}}})"},
};
inline constexpr http::ErrorDoc kTotpUriErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password, or none set"},
    {ErrorKind::kInvalidArgument, "TOTP_NOT_ENABLED", "no authenticator"},
};
inline constexpr http::RouteDoc kGetTotpUriDoc{
    .tag = kTag,
    .body = kPasswordBody,
    .responses = kTotpUriResponses,
    .errors = kTotpUriErrors,
};

inline constexpr http::ResponseDoc kBackupCodesResponses[] = {
    {200, "Ten new recovery codes (shown once)",
     R"({"type":"object","properties":{"status":{"type":"boolean"},
         "backupCodes":{"type":"array","items":{"type":"string"}}}})"},
};
inline constexpr http::ErrorDoc kBackupCodesErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_PASSWORD", "wrong password, or none set"},
    {ErrorKind::kInvalidArgument, "TWO_FACTOR_NOT_ENABLED", "2FA is off"},
};
inline constexpr http::RouteDoc kGenerateBackupCodesDoc{
    .tag = kTag,
    .body = kPasswordBody,
    .responses = kBackupCodesResponses,
    .errors = kBackupCodesErrors,
};

inline constexpr http::ResponseDoc kViewBackupCodesResponses[] = {
    {200, "How many recovery codes are left; the codes themselves are stored hashed",
     R"({"type":"object","properties":{"status":{"type":"boolean"},
         "backupCodes":{"type":"array","items":{"type":"string"},"maxItems":0},
         "remaining":{"type":"integer"}}})"},
};
inline constexpr http::RouteDoc kViewBackupCodesDoc{
    .tag = kTag,
    .description = "Server-only in Better Auth; here the signed-in user's own count.",
    .responses = kViewBackupCodesResponses,
};

inline constexpr http::ResponseDoc kQrResponses[] = {
    {200, "image/svg+xml: the QR code of the otpauth URI", R"({"type":"string"})"},
};
inline constexpr http::ErrorDoc kQrErrors[] = {
    {ErrorKind::kNotFound, "NO_PENDING_TOTP_SETUP",
     "no setup started in the last 10 minutes, or it is already proven"},
};
inline constexpr http::RouteDoc kQrDoc{
    .tag = kTag,
    .description =
        "For the setup page, within 10 minutes of enable; a proven authenticator's "
        "URI needs the password (get-totp-uri).",
    .responses = kQrResponses,
    .errors = kQrErrors,
};

inline constexpr http::FieldDoc kVerifyBody[] = {
    {"code", http::FieldType::kString, true, "The code"},
    {"trustDevice", http::FieldType::kBoolean, false,
     "Skip the second factor on this browser for two_factor_trust_days"},
};
inline constexpr http::FieldDoc kVerifyBackupBody[] = {
    {"code", http::FieldType::kString, true, "A recovery code (XXXXX-XXXXX)"},
    {"trustDevice", http::FieldType::kBoolean, false,
     "Skip the second factor on this browser for two_factor_trust_days"},
    {"disableSession", http::FieldType::kBoolean, false, "Accepted, ignored"},
};
inline constexpr http::ResponseDoc kVerifyResponses[] = {
    {200, "Signed in (session cookie set, two_factor cookie expired), or the code was right",
     R"({"type":"object","required":["token","user"],
         "properties":{"token":{"type":"string"},"user":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kVerifyErrors[] = {
    {ErrorKind::kUnauthenticated, "INVALID_TWO_FACTOR_COOKIE", "no live challenge and no session"},
    {ErrorKind::kUnauthenticated, "INVALID_CODE", "wrong or already used code"},
    {ErrorKind::kInvalidArgument, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE",
     "5 wrong codes: the challenge is locked for 5 minutes"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED", "10 wrong codes for the account"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no code"},
};
inline constexpr http::RouteDoc kVerifyTotpDoc{
    .tag = kTag,
    .description = "RFC 6238: SHA-1, 6 digits, 30 s, one step of skew; each code is accepted once.",
    .body = kVerifyBody,
    .responses = kVerifyResponses,
    .errors = kVerifyErrors,
};
inline constexpr http::RouteDoc kVerifyOtpDoc{
    .tag = kTag,
    .body = kVerifyBody,
    .responses = kVerifyResponses,
    .errors = kVerifyErrors,
};
inline constexpr http::ErrorDoc kVerifyBackupErrors[] = {
    {ErrorKind::kUnauthenticated, "INVALID_TWO_FACTOR_COOKIE", "no live challenge and no session"},
    {ErrorKind::kUnauthenticated, "INVALID_BACKUP_CODE", "wrong or already used code"},
    {ErrorKind::kInvalidArgument, "BACKUP_CODES_NOT_ENABLED", "2FA is off"},
    {ErrorKind::kRateLimited, "ACCOUNT_TEMPORARILY_LOCKED", "10 wrong codes for the account"},
};
inline constexpr http::RouteDoc kVerifyBackupCodeDoc{
    .tag = kTag,
    .description = "Each code works once; the owner is mailed how many are left.",
    .body = kVerifyBackupBody,
    .responses = kVerifyResponses,
    .errors = kVerifyBackupErrors,
};

inline constexpr http::ResponseDoc kSendOtpResponses[] = {
    {200, "The code was mailed", R"({"type":"object","properties":{"status":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kSendOtpErrors[] = {
    {ErrorKind::kInvalidArgument, "OTP_NOT_CONFIGURED", "two_factor_otp is off"},
    {ErrorKind::kUnauthenticated, "INVALID_TWO_FACTOR_COOKIE", "no live challenge and no session"},
};
inline constexpr http::RouteDoc kSendOtpDoc{
    .tag = kTag,
    .responses = kSendOtpResponses,
    .errors = kSendOtpErrors,
};

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_DOCS_H_
