// The passkey plugin's HTTP routes (docs/api.md "Passkeys"). Registration
// needs a fresh session (Better Auth's default); sign-in needs nothing but
// the ceremony cookie; managing passkeys is account management, so an API
// key is refused there.
#ifndef LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_ROUTES_H_
#define LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_ROUTES_H_

#include "features/passkeys/passkey_service.h"
#include "features/passkeys/routes/passkey_docs.h"
#include "features/platform/route_table.h"
#include "http/route.h"

namespace latchkey::passkeys {

inline constexpr http::RouteSpec kRegisterOptionsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/passkey/generate-register-options",
    .auth = http::Auth::kFreshSession,
    .rate_limit_bucket = "passkey-options",
    .summary = "Options to create a passkey for the signed-in user",
    .doc = &kRegisterOptionsDoc,
};
inline constexpr http::RouteSpec kVerifyRegistrationRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/passkey/verify-registration",
    .auth = http::Auth::kFreshSession,
    .body_limit = std::size_t{64} * 1024,  // attestation certificates
    .summary = "Verifies and stores a new passkey",
    .doc = &kVerifyRegistrationDoc,
};
inline constexpr http::RouteSpec kAuthenticateOptionsGetRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/passkey/generate-authenticate-options",
    .rate_limit_bucket = "passkey-options",
    .summary = "Options to sign in with a passkey",
    .doc = &kAuthenticateOptionsDoc,
};
inline constexpr http::RouteSpec kAuthenticateOptionsPostRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/passkey/generate-authenticate-options",
    .rate_limit_bucket = "passkey-options",
    .summary = "Options to sign in with a passkey",
    .doc = &kAuthenticateOptionsDoc,
};
inline constexpr http::RouteSpec kVerifyAuthenticationRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/passkey/verify-authentication",
    .rate_limit_bucket = "sign-in",
    .summary = "Signs in with a passkey",
    .doc = &kVerifyAuthenticationDoc,
};
inline constexpr http::RouteSpec kListRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/passkey/list-user-passkeys",
    .auth = http::Auth::kSession,
    .summary = "The signed-in user's passkeys",
    .doc = &kListDoc,
};
inline constexpr http::RouteSpec kUpdateRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/passkey/update-passkey",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Renames one of the user's passkeys",
    .doc = &kUpdateDoc,
};
inline constexpr http::RouteSpec kDeleteRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/passkey/delete-passkey",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Deletes one of the user's passkeys",
    .doc = &kDeleteDoc,
};

Result<http::Response> RegisterOptions(const http::Request& request, const PasskeyService& service,
                                       const sessions::SessionWithUser& caller);
Result<http::Response> VerifyRegistration(const http::Request& request,
                                          const PasskeyService& service,
                                          const sessions::SessionWithUser& caller);
Result<http::Response> AuthenticateOptions(const http::Request& request,
                                           const PasskeyService& service,
                                           const platform::RouteTable& routes);
Result<http::Response> VerifyAuthentication(const http::Request& request,
                                            const PasskeyService& service);
Result<http::Response> ListPasskeys(const http::Request& request, const PasskeyService& service,
                                    const sessions::SessionWithUser& caller);
Result<http::Response> UpdatePasskey(const http::Request& request, const PasskeyService& service,
                                     const sessions::SessionWithUser& caller);
Result<http::Response> DeletePasskey(const http::Request& request, const PasskeyService& service,
                                     const sessions::SessionWithUser& caller);

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_ROUTES_PASSKEY_ROUTES_H_
