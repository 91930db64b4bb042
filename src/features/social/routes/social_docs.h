// OpenAPI docs of the social sign-in routes (http/route_doc.h,
// docs/social.md).
#ifndef LK_FEATURES_SOCIAL_ROUTES_SOCIAL_DOCS_H_
#define LK_FEATURES_SOCIAL_ROUTES_SOCIAL_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::social {

inline constexpr std::string_view kTag = "Social sign-in";

inline constexpr http::FieldDoc kStartBody[] = {
    {"provider", http::FieldType::kString, true, "A configured provider's id"},
    {"callbackURL", http::FieldType::kString, false, "Where the browser lands signed in"},
    {"newUserCallbackURL", http::FieldType::kString, false, "Where a new user lands"},
    {"errorCallbackURL", http::FieldType::kString, false,
     "Where errors land (?error=<code>); default the hosted /error page"},
    {"disableRedirect", http::FieldType::kBoolean, false, "Answer redirect:false, no Location"},
    {"scopes", http::FieldType::kArray, false, "Scopes besides the provider's", false, "",
     R"({"type":"string"})"},
    {"loginHint", http::FieldType::kString, false, "Passed to the provider as login_hint"},
    {"requestSignUp", http::FieldType::kBoolean, false, "Accepted"},
    {"idToken", http::FieldType::kObject, false,
     "Sign in with an ID token the app holds: {token, nonce?, accessToken?, refreshToken?}"},
};
inline constexpr http::ResponseDoc kStartResponses[] = {
    {200,
     "The provider's authorize URL (PKCE S256, state, nonce) and the state cookie; with "
     "idToken: the session",
     R"({"type":"object","properties":{"url":{"type":"string"},"redirect":{"type":"boolean"},
         "token":{"type":"string"},"user":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kStartErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no provider, or a field of another type"},
    {ErrorKind::kNotFound, "PROVIDER_NOT_FOUND", "the provider is not configured"},
    {ErrorKind::kNotFound, "ID_TOKEN_NOT_SUPPORTED", "idToken with a provider without ID tokens"},
    {ErrorKind::kUnavailable, "PROVIDER_UNAVAILABLE", "the provider's discovery or keys failed"},
    {ErrorKind::kUnauthenticated, "INVALID_ID_TOKEN", "idToken failed a check"},
    {ErrorKind::kUnauthenticated, "USER_EMAIL_NOT_FOUND", "idToken without an e-mail"},
    {ErrorKind::kUnauthenticated, "OAUTH_LINK_ERROR", "idToken: the linking rules refused"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL not trusted"},
    {ErrorKind::kPermissionDenied, "INVALID_ERROR_CALLBACK_URL", "errorCallbackURL not trusted"},
    {ErrorKind::kPermissionDenied, "INVALID_NEW_USER_CALLBACK_URL",
     "newUserCallbackURL not trusted"},
};
inline constexpr http::RouteDoc kSignInSocialDoc{
    .tag = kTag,
    .description = "docs/social.md \"The flow\".",
    .body = kStartBody,
    .responses = kStartResponses,
    .errors = kStartErrors,
};
inline constexpr http::ResponseDoc kLinkResponses[] = {
    {200, "The provider's authorize URL and the state cookie; with idToken: the account is linked",
     R"({"type":"object","properties":{"url":{"type":"string"},"redirect":{"type":"boolean"},
         "status":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kLinkErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no provider, or a field of another type"},
    {ErrorKind::kNotFound, "PROVIDER_NOT_FOUND", "the provider is not configured"},
    {ErrorKind::kNotFound, "ID_TOKEN_NOT_SUPPORTED", "idToken with a provider without ID tokens"},
    {ErrorKind::kUnavailable, "PROVIDER_UNAVAILABLE", "the provider's discovery or keys failed"},
    {ErrorKind::kUnauthenticated, "INVALID_ID_TOKEN", "idToken failed a check"},
    {ErrorKind::kUnauthenticated, "USER_EMAIL_NOT_FOUND", "idToken without an e-mail"},
    {ErrorKind::kUnauthenticated, "LINKING_NOT_ALLOWED",
     "idToken: an untrusted provider's unverified e-mail"},
    {ErrorKind::kUnauthenticated, "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED",
     "idToken: another e-mail than the user's"},
    {ErrorKind::kConflict, "SOCIAL_ACCOUNT_ALREADY_LINKED",
     "idToken: the provider account is another user's"},
    {ErrorKind::kPermissionDenied, "INVALID_CALLBACK_URL", "callbackURL not trusted"},
    {ErrorKind::kPermissionDenied, "INVALID_ERROR_CALLBACK_URL", "errorCallbackURL not trusted"},
};
inline constexpr http::RouteDoc kLinkSocialDoc{
    .tag = kTag,
    .description =
        "The same flow; the callback links the provider account to the caller. "
        "With idToken: linked at once (docs/social.md \"Linking rules\").",
    .body = kStartBody,
    .responses = kLinkResponses,
    .errors = kLinkErrors,
};

inline constexpr http::FieldDoc kCallbackQuery[] = {
    {"code", http::FieldType::kString, false, "The authorization code"},
    {"state", http::FieldType::kString, false, "The flow's state"},
    {"error", http::FieldType::kString, false, "The provider's error"},
    {"iss", http::FieldType::kString, false, "The provider's issuer (RFC 9207)"},
};
inline constexpr http::ResponseDoc kCallbackResponses[] = {
    {302,
     "To callbackURL / newUserCallbackURL with the session cookie, or to errorCallbackURL "
     "(default /error) with ?error=<code>",
     ""},
};
inline constexpr http::RouteDoc kCallbackDoc{
    .tag = kTag,
    .description = "docs/social.md \"The flow\" lists the error codes.",
    .query = kCallbackQuery,
    .responses = kCallbackResponses,
};
inline constexpr http::ResponseDoc kCallbackPostResponses[] = {
    {302, "To the GET callback with the form's fields in the query", ""},
};
inline constexpr http::RouteDoc kCallbackPostDoc{
    .tag = kTag,
    .query = kCallbackQuery,
    .form_body = true,
    .responses = kCallbackPostResponses,
};

inline constexpr http::FieldDoc kSelectionFields[] = {
    {"accountId", http::FieldType::kString, false, "The account row's id (list-accounts `id`)"},
    {"providerId", http::FieldType::kString, false, "Or the provider's id"},
    {"userId", http::FieldType::kString, false, "Must be the caller's"},
};
inline constexpr http::ErrorDoc kSelectionErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "neither accountId nor providerId"},
    {ErrorKind::kInvalidArgument, "ACCOUNT_NOT_FOUND", "not one of the caller's accounts"},
    {ErrorKind::kInvalidArgument, "PROVIDER_NOT_SUPPORTED",
     "the credential account, or a provider no longer configured"},
    {ErrorKind::kInvalidArgument, "ACCESS_TOKEN_NOT_FOUND", "no access token stored"},
    {ErrorKind::kInvalidArgument, "REFRESH_TOKEN_NOT_FOUND", "no refresh token stored"},
    {ErrorKind::kInvalidArgument, "FAILED_TO_GET_ACCESS_TOKEN", "the refresh failed"},
    {ErrorKind::kInvalidArgument, "FAILED_TO_REFRESH_ACCESS_TOKEN", "the provider refused"},
    {ErrorKind::kUnauthenticated, "OAUTH_USER_INFO_FAILED", "no profile, live or stored"},
};
inline constexpr http::ResponseDoc kTokenResponses[] = {
    {200, "The account's tokens",
     R"({"type":"object","properties":{"accessToken":{"type":"string"},
         "accessTokenExpiresAt":{"type":"string","format":"date-time"},
         "scopes":{"type":"array","items":{"type":"string"}},"idToken":{"type":"string"}}})"},
};
inline constexpr http::RouteDoc kGetAccessTokenDoc{
    .tag = kTag,
    .description = "Refreshed at the provider first when it expires within 5 s.",
    .body = kSelectionFields,
    .responses = kTokenResponses,
    .errors = kSelectionErrors,
};
inline constexpr http::ResponseDoc kRefreshResponses[] = {
    {200, "The new tokens",
     R"({"type":"object","required":["accessToken","providerId","accountId"]})"},
};
inline constexpr http::RouteDoc kRefreshTokenDoc{
    .tag = kTag,
    .body = kSelectionFields,
    .responses = kRefreshResponses,
    .errors = kSelectionErrors,
};
inline constexpr http::ResponseDoc kAccountInfoResponses[] = {
    {200, "The provider's profile", R"({"type":"object","required":["user","data","account"]})"},
};
inline constexpr http::RouteDoc kAccountInfoDoc{
    .tag = kTag,
    .query = kSelectionFields,
    .responses = kAccountInfoResponses,
    .errors = kSelectionErrors,
};
inline constexpr http::ResponseDoc kStatusResponses[] = {
    {200, "Unlinked", R"({"type":"object","properties":{"status":{"const":true}}})"},
};
inline constexpr http::ErrorDoc kUnlinkErrors[] = {
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "neither accountId nor providerId"},
    {ErrorKind::kInvalidArgument, "ACCOUNT_NOT_FOUND", "not one of the caller's accounts"},
    {ErrorKind::kInvalidArgument, "FAILED_TO_UNLINK_LAST_ACCOUNT",
     "the caller's last account (allow_unlinking_all off)"},
};
inline constexpr http::RouteDoc kUnlinkAccountDoc{
    .tag = kTag,
    .body = kSelectionFields,
    .responses = kStatusResponses,
    .errors = kUnlinkErrors,
};

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_ROUTES_SOCIAL_DOCS_H_
