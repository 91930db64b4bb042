// Wire codes of the password-reset feature (docs/api.md).
// PasswordResetFeature::Errors() registers them.
#ifndef LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_ERRORS_H_
#define LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_ERRORS_H_

#include "core/error.h"

namespace latchkey::password_reset {

// 400 here, 404 on delete-user and 401 on verify-email: Better Auth's
// statuses (app/error_codes.cc lists the code as multi-status).
inline constexpr ErrorInfo kInvalidToken{"INVALID_TOKEN", ErrorKind::kInvalidArgument,
                                         "Invalid token"};

}  // namespace latchkey::password_reset

#endif  // LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_ERRORS_H_
