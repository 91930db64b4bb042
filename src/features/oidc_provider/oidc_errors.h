// The OpenID provider's errors. Two shapes (docs/compatibility.md): the
// OAuth endpoints (authorize, token, userinfo) answer RFC 6749 §5.2's
// {"error","error_description"} that OAuth clients parse; the client
// management routes answer latchkey's {"code","message"} like every admin
// route (these ErrorInfo rows).
#ifndef LK_FEATURES_OIDC_PROVIDER_OIDC_ERRORS_H_
#define LK_FEATURES_OIDC_PROVIDER_OIDC_ERRORS_H_

#include <string>
#include <string_view>

#include "core/error.h"
#include "http/response.h"

namespace latchkey::oidc_provider {

inline constexpr ErrorInfo kInvalidRedirectUri{"INVALID_REDIRECT_URI", ErrorKind::kInvalidArgument,
                                               "Invalid redirect URI"};
inline constexpr ErrorInfo kInvalidClientField{"INVALID_OAUTH_CLIENT", ErrorKind::kInvalidArgument,
                                               "Invalid OAuth client"};
inline constexpr ErrorInfo kClientNotFound{"OAUTH_CLIENT_NOT_FOUND", ErrorKind::kNotFound,
                                           "OAuth client not found"};
inline constexpr ErrorInfo kClientExists{"OAUTH_CLIENT_EXISTS", ErrorKind::kConflict,
                                         "An OAuth client with this id exists"};
inline constexpr ErrorInfo kInvalidConsent{"INVALID_OAUTH_QUERY", ErrorKind::kInvalidArgument,
                                           "The authorization request is invalid or expired"};
inline constexpr ErrorInfo kInsufficientScope{"INSUFFICIENT_SCOPE", ErrorKind::kPermissionDenied,
                                              "The access token's scopes do not reach this route"};

// RFC 6749 §5.2: {"error","error_description"} with `status`, no-store.
// Status 401 (invalid_client) adds WWW-Authenticate: Basic.
http::Response OAuthError(int status, std::string_view error, std::string_view description);

// RFC 6750 §3: 401 (or 403 for insufficient_scope) with WWW-Authenticate:
// Bearer, naming `error` when there is one (none for a missing token).
http::Response BearerError(std::string_view error, std::string_view description);

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_OIDC_ERRORS_H_
