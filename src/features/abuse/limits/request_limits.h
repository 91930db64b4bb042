// Glue for the HTTP pipeline's rate-limit stage, with no HTTP types: charge a
// request against every rule that applies, and render the 429 reply's
// headers and error (docs/api.md).
#ifndef LK_FEATURES_ABUSE_LIMITS_REQUEST_LIMITS_H_
#define LK_FEATURES_ABUSE_LIMITS_REQUEST_LIMITS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "features/abuse/limits/rate_limiter.h"
#include "features/abuse/limits/rules.h"

namespace latchkey::abuse {

// Shared bucket for requests whose client address is unknown (the socket
// peer is not an IP address), as Better Auth's "no-trusted-ip".
inline constexpr std::string_view kUnknownClientKey = "no-trusted-ip";

// Charges the request to the global rule, then to the path's specific rule
// (`client_key` from RateLimitKeyFor()). Denied when either denies: the
// global rule is checked first, so a client over its global budget does not
// also drain its sign-in budget. Allowed → remaining/limit of the tighter
// rule. No applicable rule → allowed with limit 0.
// `bucket`: the route's RouteSpec::rate_limit_bucket ("" without a route).
Decision CheckRequestLimits(RateLimiter& limiter, const RuleTable& rules,
                            std::string_view client_key, std::string_view path,
                            std::string_view bucket, std::int64_t now_ms);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Retry-After in whole seconds, rounded up and at least 1 (docs/operations.md,
// "Abuse protection": "0" would invite an immediate retry).
int RetryAfterSeconds(const Decision& decision);

// The headers of a denied request: "X-Retry-After" (what Better Auth sends
// and its client reads) and the standard "Retry-After" (RFC 9110 §10.2.3).
// Pass include_retry_after = false when the response is built from
// RateLimitedError(), whose mapping already adds Retry-After. Empty when
// the decision allowed the request.
HeaderList RateLimitHeaders(const Decision& decision, bool include_retry_after = true);

// Optional quota headers for any response: "X-RateLimit-Limit" and
// "X-RateLimit-Remaining". Better Auth sends none; off by default in config.
HeaderList QuotaHeaders(const Decision& decision);

// The 429 error: body {"message":"Too many requests. Please try again later."}
// without a code (docs/api.md), retry_after_seconds set.
Error RateLimitedError(const Decision& decision);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_REQUEST_LIMITS_H_
