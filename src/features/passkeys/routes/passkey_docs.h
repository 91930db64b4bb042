// OpenAPI docs of the passkey plugin's routes (http/route_doc.h,
// docs/api.md "Passkeys").
#ifndef LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_DOCS_H_
#define LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::passkeys {

inline constexpr std::string_view kTag = "Passkeys";

inline constexpr http::SchemaDoc kPasskeySchema{
    "Passkey",
    R"({"type":"object","required":["id","publicKey","userId","credentialID","counter","deviceType","backedUp"],
        "properties":{"id":{"type":"string"},"name":{"type":["string","null"]},
                      "publicKey":{"type":"string","description":"the COSE key, base64"},
                      "userId":{"type":"string"},
                      "credentialID":{"type":"string","description":"base64url"},
                      "counter":{"type":"integer"},
                      "deviceType":{"type":"string","enum":["singleDevice","multiDevice"]},
                      "backedUp":{"type":"boolean"},
                      "transports":{"type":["string","null"],"description":"comma-joined"},
                      "createdAt":{"type":"string","format":"date-time"},
                      "aaguid":{"type":["string","null"]}}})"};
inline constexpr http::SchemaDoc kPasskeySchemas[] = {kPasskeySchema};

inline constexpr http::FieldDoc kRegisterOptionsQuery[] = {
    {"authenticatorAttachment", http::FieldType::kString, false, "`platform` or `cross-platform`"},
    {"name", http::FieldType::kString, false, "user.name in the options (default: the e-mail)"},
    {"context", http::FieldType::kString, false, "Accepted, ignored"},
};
inline constexpr http::ResponseDoc kRegisterOptionsResponses[] = {
    {200, "PublicKeyCredentialCreationOptionsJSON; sets the ceremony cookie (5 minutes)",
     R"({"type":"object"})"},
};
inline constexpr http::RouteDoc kRegisterOptionsDoc{
    .tag = kTag,
    .query = kRegisterOptionsQuery,
    .responses = kRegisterOptionsResponses,
};

inline constexpr http::FieldDoc kVerifyRegistrationBody[] = {
    {"response", http::FieldType::kObject, true, "RegistrationResponseJSON"},
    {"name", http::FieldType::kString, false, "A name for the passkey"},
};
inline constexpr http::ResponseDoc kPasskeyResponses[] = {
    {200, "The passkey", R"({"$ref":"#/components/schemas/Passkey"})"},
};
inline constexpr http::ErrorDoc kVerifyRegistrationErrors[] = {
    {ErrorKind::kInvalidArgument, "CHALLENGE_NOT_FOUND", "no live ceremony for this browser"},
    {ErrorKind::kInvalidArgument, "FAILED_TO_VERIFY_REGISTRATION",
     "a WebAuthn check failed, or the credential is registered already"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no response object"},
};
inline constexpr http::RouteDoc kVerifyRegistrationDoc{
    .tag = kTag,
    .description = "WebAuthn L2 §7.1; the owner is mailed.",
    .body = kVerifyRegistrationBody,
    .responses = kPasskeyResponses,
    .errors = kVerifyRegistrationErrors,
    .schemas = kPasskeySchemas,
};

inline constexpr http::FieldDoc kAuthenticateOptionsQuery[] = {
    {"email", http::FieldType::kString, false, "Sign in as this account (else usernameless)"},
};
inline constexpr http::ResponseDoc kAuthenticateOptionsResponses[] = {
    {200, "PublicKeyCredentialRequestOptionsJSON; sets the ceremony cookie (5 minutes)",
     R"({"type":"object","required":["rpId","challenge","timeout","userVerification"]})"},
};
inline constexpr http::RouteDoc kAuthenticateOptionsDoc{
    .tag = kTag,
    .query = kAuthenticateOptionsQuery,
    .responses = kAuthenticateOptionsResponses,
};

inline constexpr http::FieldDoc kVerifyAuthenticationBody[] = {
    {"response", http::FieldType::kObject, true, "AuthenticationResponseJSON"},
};
inline constexpr http::ResponseDoc kSignedInResponses[] = {
    {200, "Signed in: the session cookie is set (or the two-factor challenge answers instead)",
     R"({"type":"object","properties":{"session":{"type":"object"},"user":{"type":"object"}}})"},
};
inline constexpr http::ErrorDoc kVerifyAuthenticationErrors[] = {
    {ErrorKind::kInvalidArgument, "CHALLENGE_NOT_FOUND", "no live ceremony for this browser"},
    {ErrorKind::kUnauthenticated, "PASSKEY_NOT_FOUND", "no such credential"},
    {ErrorKind::kUnauthenticated, "AUTHENTICATION_FAILED", "a WebAuthn check failed"},
};
inline constexpr http::RouteDoc kVerifyAuthenticationDoc{
    .tag = kTag,
    .description = "WebAuthn L2 §7.2; two-factor applies as for passwords.",
    .body = kVerifyAuthenticationBody,
    .responses = kSignedInResponses,
    .errors = kVerifyAuthenticationErrors,
};

inline constexpr http::ResponseDoc kListResponses[] = {
    {200, "The user's passkeys",
     R"({"type":"array","items":{"$ref":"#/components/schemas/Passkey"}})"},
};
inline constexpr http::RouteDoc kListDoc{
    .tag = kTag,
    .responses = kListResponses,
    .schemas = kPasskeySchemas,
};

inline constexpr http::FieldDoc kUpdateBody[] = {
    {"id", http::FieldType::kString, true, "The passkey's id"},
    {"name", http::FieldType::kString, true, "Its new name (at least one character)"},
};
inline constexpr http::ResponseDoc kUpdateResponses[] = {
    {200, "The renamed passkey",
     R"({"type":"object","properties":{"passkey":{"$ref":"#/components/schemas/Passkey"}}})"},
};
inline constexpr http::ErrorDoc kUpdateErrors[] = {
    {ErrorKind::kNotFound, "PASSKEY_NOT_FOUND", "no such passkey"},
    {ErrorKind::kUnauthenticated, "YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY",
     "another user's passkey"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no id, or an empty name"},
};
inline constexpr http::RouteDoc kUpdateDoc{
    .tag = kTag,
    .body = kUpdateBody,
    .responses = kUpdateResponses,
    .errors = kUpdateErrors,
    .schemas = kPasskeySchemas,
};

inline constexpr http::FieldDoc kDeleteBody[] = {
    {"id", http::FieldType::kString, true, "The passkey's id"},
};
inline constexpr http::ResponseDoc kDeleteResponses[] = {
    {200, "Deleted; the owner is mailed",
     R"({"type":"object","properties":{"status":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kDeleteErrors[] = {
    {ErrorKind::kNotFound, "PASSKEY_NOT_FOUND", "no such passkey"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "no id"},
};
inline constexpr http::RouteDoc kDeleteDoc{
    .tag = kTag,
    .description = "Another user's passkey: 401 with an empty body (Better Auth's answer).",
    .body = kDeleteBody,
    .responses = kDeleteResponses,
    .errors = kDeleteErrors,
};

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_DOCS_H_
