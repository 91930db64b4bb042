// GET /get-session and POST /sign-out (docs/api.md, "Sessions").
#ifndef LK_FEATURES_SESSIONS_ROUTES_SESSION_ROUTES_H_
#define LK_FEATURES_SESSIONS_ROUTES_SESSION_ROUTES_H_

#include "features/platform/hooks.h"
#include "features/platform/route_table.h"
#include "features/services.h"
#include "features/sessions/routes/session_docs.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::sessions {

inline constexpr http::RouteSpec kGetSessionRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/get-session",
    .auth = http::Auth::kPublic,
    .summary = "The caller's session and user, or null",
    .doc = &kGetSessionDoc,
};

// Better Auth answers POST /get-session with 405 unless deferSessionRefresh
// is on (docs/api.md); latchkey does not implement deferred refresh.
inline constexpr http::RouteSpec kPostGetSessionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/get-session",
    .auth = http::Auth::kPublic,
    .summary = "Not supported: answers 405 METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
    .doc = &kPostGetSessionDoc,
};

inline constexpr http::RouteSpec kSignOutRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/sign-out",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Ends the caller's session and expires its cookies",
    .doc = &kSignOutDoc,
};

// 200 {"session","user"} or null; slides the expiry once per updateAge.
// The caller comes from the platform's credential chain; the session
// response hooks (set-auth-jwt) decorate a resolved session's answer.
Result<http::Response> GetSession(const http::Request& request, const Services& services,
                                  const SessionService& sessions,
                                  const platform::RouteTable& routes, const platform::Hooks& hooks);
// 405 METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED.
Result<http::Response> PostGetSession(const http::Request& request);
// 200 {"success":true}; deletes the session row (if any) and expires cookies.
Result<http::Response> SignOut(const http::Request& request, const Services& services,
                               const SessionService& sessions);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_ROUTES_SESSION_ROUTES_H_
