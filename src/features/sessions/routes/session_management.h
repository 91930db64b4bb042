// The signed-in user's sessions (docs/api.md): list-sessions,
// revoke-session, revoke-sessions, revoke-other-sessions.
//
// Only SHA-256 hashes of tokens are stored, so list-sessions can give the
// real token of the caller's current session only; every other entry's
// `token` is an opaque handle (the session id) that revoke-session accepts
// exactly like a token. The SDK flow listSessions() → revokeSession({token})
// works unchanged.
#ifndef LK_FEATURES_SESSIONS_ROUTES_SESSION_MANAGEMENT_H_
#define LK_FEATURES_SESSIONS_ROUTES_SESSION_MANAGEMENT_H_

#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/routes/session_docs.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::sessions {

inline constexpr http::RouteSpec kListSessionsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/list-sessions",
    .auth = http::Auth::kFreshSession,
    .summary = "The signed-in user's unexpired sessions",
    .doc = &kListSessionsDoc,
};
inline constexpr http::RouteSpec kRevokeSessionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/revoke-session",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Ends one of the user's sessions (by token or list-sessions handle)",
    .doc = &kRevokeSessionDoc,
};
inline constexpr http::RouteSpec kRevokeSessionsRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/revoke-sessions",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Ends all of the user's sessions, the current one included",
    .doc = &kRevokeSessionsDoc,
};
inline constexpr http::RouteSpec kRevokeOtherSessionsRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/revoke-other-sessions",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{4} * 1024,
    .summary = "Ends all of the user's sessions but the current one",
    .doc = &kRevokeOtherSessionsDoc,
};

// The handlers get the caller the route table resolved (its auth refused
// UNAUTHORIZED 401 and SESSION_NOT_FRESH 403 before them).
// 200 [session…].
Result<http::Response> ListSessions(const SessionWithUser& current, const Services& services,
                                    const SessionService& sessions, const platform::Hooks& hooks);
// 200 {"status":true}, also when the token is not one of the user's.
// Errors: VALIDATION_ERROR (400).
Result<http::Response> RevokeSession(const http::Request& request, const SessionWithUser& current,
                                     const Services& services, const SessionService& sessions);
// 200 {"status":true}.
Result<http::Response> RevokeSessions(const http::Request& request, const SessionWithUser& current,
                                      const Services& services, const SessionService& sessions,
                                      const platform::Hooks& hooks, bool keep_current);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_ROUTES_SESSION_MANAGEMENT_H_
