// Wire codes of abuse/limits: the lockout and rate-limit replies, and the
// startup errors of their configuration. AbuseFeature::Errors() registers
// them (docs/api.md).
#ifndef LK_FEATURES_ABUSE_LIMITS_ERRORS_H_
#define LK_FEATURES_ABUSE_LIMITS_ERRORS_H_

#include "core/error.h"

namespace latchkey::abuse {

// Better Auth's two-factor plugin uses this code with 429; its message text
// is not in docs/api.md, so ours is a plain sentence.
inline constexpr ErrorInfo kAccountLocked{"ACCOUNT_TEMPORARILY_LOCKED", ErrorKind::kRateLimited,
                                          "Account temporarily locked. Please try again later."};
// Better Auth sends this body without a code; an empty code keeps it out of
// the JSON (http/error_mapping.cc).
inline constexpr ErrorInfo kTooManyRequests{"", ErrorKind::kRateLimited,
                                            "Too many requests. Please try again later."};
inline constexpr ErrorInfo kInvalidRules{"INVALID_RATE_LIMIT_RULES", ErrorKind::kInvalidArgument,
                                         "Invalid rate limit rules"};
inline constexpr ErrorInfo kInvalidTrustedProxy{
    "INVALID_TRUSTED_PROXY", ErrorKind::kInvalidArgument, "Invalid trusted proxy"};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_ERRORS_H_
