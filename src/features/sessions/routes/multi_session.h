// Several signed-in users in one browser (Better Auth's multiSession plugin,
// docs/api.md): list-device-sessions, set-active, revoke.
#ifndef LK_FEATURES_SESSIONS_ROUTES_MULTI_SESSION_H_
#define LK_FEATURES_SESSIONS_ROUTES_MULTI_SESSION_H_

#include "features/services.h"
#include "features/sessions/routes/session_docs.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::sessions {

inline constexpr http::RouteSpec kListDeviceSessionsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/multi-session/list-device-sessions",
    .auth = http::Auth::kPublic,  // reads the browser's multi-session cookies
    .summary = "Every user signed in in this browser, one {session,user} each",
    .doc = &kListDeviceSessionsDoc,
};
inline constexpr http::RouteSpec kSetActiveSessionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/multi-session/set-active",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Makes another of this browser's sessions the active one",
    .doc = &kSetActiveDoc,
};
inline constexpr http::RouteSpec kRevokeDeviceSessionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/multi-session/revoke",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Ends one of this browser's sessions",
    .doc = &kRevokeDeviceSessionDoc,
};

// 200 [{"session","user"}…], one per distinct user, unexpired.
Result<http::Response> ListDeviceSessions(const http::Request& request,
                                          const SessionService& sessions);
// 200 {"session","user"} and session_token set to it.
// Errors: INVALID_SESSION_TOKEN (401), VALIDATION_ERROR (400).
Result<http::Response> SetActiveSession(const http::Request& request,
                                        const SessionService& sessions);
// 200 {"status":true}; when it was the active session, the next one of this
// browser becomes active, or the cookies are cleared.
// Errors: INVALID_SESSION_TOKEN (401), VALIDATION_ERROR (400).
Result<http::Response> RevokeDeviceSession(const http::Request& request,
                                           const SessionWithUser& current, const Services& services,
                                           const SessionService& sessions);
// The body is validated before the session, as Better Auth does: the route
// table runs this first. Errors: VALIDATION_ERROR (400).
Result<std::string> RevokeDeviceSessionInput(const http::Request& request);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_ROUTES_MULTI_SESSION_H_
