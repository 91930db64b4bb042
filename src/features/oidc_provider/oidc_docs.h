// OpenAPI docs of the OpenID provider's routes (http/route_doc.h,
// docs/oidc.md). The OAuth endpoints answer RFC 6749 §5.2 errors
// ({"error","error_description"}), documented as responses; the admin
// client routes answer latchkey's {code,message} errors.
#ifndef LK_FEATURES_OIDC_PROVIDER_OIDC_DOCS_H_
#define LK_FEATURES_OIDC_PROVIDER_OIDC_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::oidc_provider {

inline constexpr std::string_view kTag = "OpenID provider";
inline constexpr std::string_view kOAuthError =
    R"({"type":"object","required":["error"],"properties":{"error":{"type":"string"},)"
    R"("error_description":{"type":"string"}}})";
inline constexpr std::string_view kObject = R"({"type":"object"})";

inline constexpr http::ResponseDoc kMetadataResponses[] = {
    {200, "The provider's metadata (issuer, endpoints, supported values)", kObject},
};
inline constexpr http::RouteDoc kMetadataDoc{.tag = kTag, .responses = kMetadataResponses};

inline constexpr http::FieldDoc kAuthorizeQuery[] = {
    {.name = "response_type", .required = true, .description = "`code` (the only one)"},
    {.name = "client_id", .required = true},
    {.name = "redirect_uri", .required = true, .description = "exactly a registered one"},
    {.name = "scope", .description = "`openid profile email offline_access`, as registered"},
    {.name = "state"},
    {.name = "nonce"},
    {.name = "code_challenge", .required = true},
    {.name = "code_challenge_method", .required = true, .description = "`S256` (only)"},
    {.name = "prompt", .description = "`none`, `login` or `consent`"},
    {.name = "max_age", .type = http::FieldType::kInteger},
};
inline constexpr http::ResponseDoc kAuthorizeResponses[] = {
    {302,
     "To the client's redirect URI (a code, or an error with state and iss), the sign-in "
     "page or the consent page"},
    {400, "An unknown client or an unregistered redirect URI: a page, never a redirect", "",
     "text/html"},
};
inline constexpr http::RouteDoc kAuthorizeDoc{
    .tag = kTag, .query = kAuthorizeQuery, .responses = kAuthorizeResponses};

inline constexpr http::FieldDoc kConsentBody[] = {
    {.name = "accept", .type = http::FieldType::kBoolean, .required = true},
    {.name = "scope", .description = "a subset of the requested scopes narrows the grant"},
    {.name = "oauth_query", .required = true, .description = "the consent page's signed query"},
};
inline constexpr http::ResponseDoc kConsentResponses[] = {
    {200, "Where the browser goes next (the client's redirect URI)",
     R"({"type":"object","properties":{"redirect":{"type":"boolean"},"url":{"type":"string"}}})"},
};
inline constexpr http::ErrorDoc kConsentErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_OAUTH_QUERY", "the query was changed or expired"},
};
inline constexpr http::RouteDoc kConsentDoc{
    .tag = kTag, .body = kConsentBody, .responses = kConsentResponses, .errors = kConsentErrors};

inline constexpr http::FieldDoc kTokenBody[] = {
    {.name = "grant_type",
     .required = true,
     .description = "`authorization_code`, `refresh_token` or `client_credentials`"},
    {.name = "code"},
    {.name = "redirect_uri"},
    {.name = "code_verifier"},
    {.name = "refresh_token"},
    {.name = "scope"},
    {.name = "client_id", .description = "client_secret_post and public clients"},
    {.name = "client_secret", .description = "client_secret_post"},
};
inline constexpr http::ResponseDoc kTokenResponses[] = {
    {200, "Tokens (Cache-Control: no-store)", kObject},
    {400, "An RFC 6749 §5.2 error (invalid_request, invalid_grant, …)", kOAuthError},
    {401, "invalid_client, with WWW-Authenticate", kOAuthError},
};
inline constexpr http::RouteDoc kTokenDoc{
    .tag = kTag, .body = kTokenBody, .form_body = true, .responses = kTokenResponses};

inline constexpr http::ResponseDoc kUserInfoResponses[] = {
    {200, "The claims the access token's scopes allow", kObject},
    {401, "A missing or bad access token (WWW-Authenticate: Bearer, RFC 6750 §3)", kOAuthError},
};
inline constexpr http::RouteDoc kUserInfoDoc{.tag = kTag, .responses = kUserInfoResponses};

inline constexpr http::FieldDoc kTokenParamBody[] = {
    {.name = "token", .required = true},
    {.name = "token_type_hint", .description = "`access_token` or `refresh_token`"},
    {.name = "client_id"},
    {.name = "client_secret"},
};
inline constexpr http::ResponseDoc kIntrospectResponses[] = {
    {200, "`{active}` and, for an active token, its claims (RFC 7662)", kObject},
    {400, "An RFC 6749 §5.2 error", kOAuthError},
    {401, "invalid_client, with WWW-Authenticate", kOAuthError},
};
inline constexpr http::RouteDoc kIntrospectDoc{
    .tag = kTag, .body = kTokenParamBody, .form_body = true, .responses = kIntrospectResponses};
inline constexpr http::ResponseDoc kRevokeResponses[] = {
    {200, "Revoked, or unknown (RFC 7009 §2.2)"},
    {400, "An RFC 6749 §5.2 error", kOAuthError},
    {401, "invalid_client, with WWW-Authenticate", kOAuthError},
};
inline constexpr http::RouteDoc kRevokeDoc{
    .tag = kTag, .body = kTokenParamBody, .form_body = true, .responses = kRevokeResponses};

inline constexpr http::FieldDoc kEndSessionQuery[] = {
    {.name = "id_token_hint"},
    {.name = "post_logout_redirect_uri", .description = "exactly a registered one"},
    {.name = "state"},
    {.name = "client_id"},
};
inline constexpr http::ResponseDoc kEndSessionResponses[] = {
    {200, "Signed out (no redirect asked for)", "", "text/html"},
    {302, "To the registered post_logout_redirect_uri, with state"},
    {400, "A bad id_token_hint or an unregistered post_logout_redirect_uri", "", "text/html"},
};
inline constexpr http::RouteDoc kEndSessionDoc{
    .tag = kTag, .query = kEndSessionQuery, .responses = kEndSessionResponses};

// The admin routes (client_routes.cc).
inline constexpr http::ResponseDoc kClientResponses[] = {
    {200, "The client (a new or rotated secret only in this answer)", kObject},
};
inline constexpr http::ErrorDoc kClientErrors[] = {
    {ErrorKind::kInvalidArgument, "INVALID_OAUTH_CLIENT", "a field is missing or malformed"},
    {ErrorKind::kInvalidArgument, "INVALID_REDIRECT_URI", "a redirect URI is not allowed"},
    {ErrorKind::kNotFound, "OAUTH_CLIENT_NOT_FOUND", "no such client"},
    {ErrorKind::kConflict, "OAUTH_CLIENT_EXISTS", "the client id is taken"},
};
inline constexpr http::RouteDoc kClientDoc{
    .tag = kTag, .responses = kClientResponses, .errors = kClientErrors};
// RFC 7591 §3.2: RFC errors (invalid_redirect_uri, invalid_client_metadata;
// 401 invalid_token without the initial access token), not {code,message}.
inline constexpr http::ResponseDoc kRegisterResponses[] = {
    {201, "The registered client with its secret (only in this answer)", kObject},
    {400, "RFC 7591 §3.2.2 error: invalid_redirect_uri or invalid_client_metadata", kObject},
    {401, "No or a wrong initial access token (WWW-Authenticate: Bearer)", kObject},
};
inline constexpr http::RouteDoc kRegisterDoc{.tag = kTag, .responses = kRegisterResponses};
inline constexpr http::ResponseDoc kPreflightResponses[] = {
    {204, "Access-Control-Allow-Origin for a public client's registered origin", kObject},
};
inline constexpr http::RouteDoc kPreflightDoc{.tag = kTag, .responses = kPreflightResponses};
inline constexpr http::ResponseDoc kListClientsResponses[] = {
    {200, "Every client, without secrets", R"({"type":"array","items":{"type":"object"}})"},
};
inline constexpr http::RouteDoc kListClientsDoc{.tag = kTag, .responses = kListClientsResponses};

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_OIDC_DOCS_H_
