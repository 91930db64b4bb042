// The Origin/CSRF pipeline stage (docs/api.md): state-changing
// requests that carry cookies must come from a trusted origin; the login
// routes also refuse cross-site navigations (Fetch Metadata); redirect
// targets in the body or query must be trusted or safe-relative.
#ifndef LK_APP_ORIGIN_CHECK_H_
#define LK_APP_ORIGIN_CHECK_H_

#include <optional>

#include "core/trusted_origins.h"
#include "http/server.h"

namespace latchkey::app {

// Returns the 403/400 response for a refused request, nullopt to go on.
std::optional<http::Response> CheckOrigin(const TrustedOrigins& trusted,
                                          const http::Request& request);

}  // namespace latchkey::app

#endif  // LK_APP_ORIGIN_CHECK_H_
