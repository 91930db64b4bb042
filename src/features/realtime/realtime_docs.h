// OpenAPI doc of the realtime WebSocket (http/route_doc.h).
#ifndef LK_FEATURES_REALTIME_REALTIME_DOCS_H_
#define LK_FEATURES_REALTIME_REALTIME_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::realtime {

inline constexpr http::ErrorDoc kWebSocketErrors[] = {
    {ErrorKind::kPermissionDenied, "MISSING_OR_NULL_ORIGIN",
     "a browser upgrade without Origin, or Origin null"},
    {ErrorKind::kPermissionDenied, "INVALID_ORIGIN", "an untrusted Origin"},
    {ErrorKind::kRateLimited, "REALTIME_TOO_MANY_SOCKETS", "too many sockets for this user"},
};
inline constexpr http::RouteDoc kWebSocketDoc{
    .tag = "Realtime",
    .description =
        "Authenticated by the session cookie, a bearer session token or a bearer "
        "JWT (GET /token, refresh flow). Frames carry session and user events "
        "({\"type\",…}); the socket closes when its session ends.",
    .errors = kWebSocketErrors,
};

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_REALTIME_DOCS_H_
