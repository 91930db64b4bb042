// Wire codes of the account feature (delete-user and its mailed link), as
// Better Auth sends them (docs/api.md). AccountFeature::Errors() registers them.
#ifndef LK_FEATURES_ACCOUNT_ACCOUNT_ERRORS_H_
#define LK_FEATURES_ACCOUNT_ACCOUNT_ERRORS_H_

#include "core/error.h"

namespace latchkey::account {

inline constexpr ErrorInfo kSessionExpired{
    "SESSION_EXPIRED", ErrorKind::kInvalidArgument,
    "Session expired. Re-authenticate to perform this action."};
// 404 here, 400 on reset-password and 401 on verify-email: Better Auth's
// statuses (app/error_codes.cc lists the code as multi-status).
inline constexpr ErrorInfo kInvalidToken{"INVALID_TOKEN", ErrorKind::kNotFound, "Invalid token"};
inline constexpr ErrorInfo kNoUserInfo{"FAILED_TO_GET_USER_INFO", ErrorKind::kNotFound,
                                       "Failed to get user info"};

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ACCOUNT_ERRORS_H_
