// Wire codes of the abuse guard: the CAPTCHA replies and the startup error
// of captcha_routes. AbuseFeature::Errors() registers them (docs/api.md).
#ifndef LK_FEATURES_ABUSE_ABUSE_ERRORS_H_
#define LK_FEATURES_ABUSE_ABUSE_ERRORS_H_

#include "core/error.h"

namespace latchkey::abuse {

inline constexpr ErrorInfo kInvalidCaptchaRoutes{
    "INVALID_CAPTCHA_ROUTES", ErrorKind::kInvalidArgument, "Invalid captcha_routes"};
inline constexpr ErrorInfo kMissingResponse{"MISSING_RESPONSE", ErrorKind::kInvalidArgument,
                                            "Missing CAPTCHA response"};
inline constexpr ErrorInfo kVerificationFailed{"VERIFICATION_FAILED", ErrorKind::kPermissionDenied,
                                               "Captcha verification failed"};
inline constexpr ErrorInfo kCaptchaUnavailable{"CAPTCHA_UNAVAILABLE", ErrorKind::kUnavailable,
                                               "CAPTCHA service unavailable"};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_ERRORS_H_
