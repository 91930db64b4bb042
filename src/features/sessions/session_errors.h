// Wire codes of the sessions feature's routes, as Better Auth sends them
// (docs/api.md). SessionsFeature::Errors() registers them.
#ifndef LK_FEATURES_SESSIONS_SESSION_ERRORS_H_
#define LK_FEATURES_SESSIONS_SESSION_ERRORS_H_

#include "core/error.h"

namespace latchkey::sessions {

inline constexpr ErrorInfo kInvalidSessionToken{
    "INVALID_SESSION_TOKEN", ErrorKind::kUnauthenticated, "Invalid session token"};
inline constexpr ErrorInfo kDeferRequired{
    "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED", ErrorKind::kMethodNotAllowed,
    "POST method requires deferSessionRefresh to be enabled in session config"};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_ERRORS_H_
