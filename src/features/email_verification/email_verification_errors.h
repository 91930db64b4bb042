// Wire codes of the email-verification feature's routes, as Better Auth sends
// them (docs/api.md); the link codes INVALID_TOKEN and TOKEN_EXPIRED are in
// email_token.h. EmailVerificationFeature::Errors() registers them all.
#ifndef LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_ERRORS_H_
#define LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_ERRORS_H_

#include "core/error.h"

namespace latchkey::email_verification {

inline constexpr ErrorInfo kEmailMismatch{"EMAIL_MISMATCH", ErrorKind::kInvalidArgument,
                                          "Email mismatch"};
inline constexpr ErrorInfo kAlreadyVerified{"EMAIL_ALREADY_VERIFIED", ErrorKind::kInvalidArgument,
                                            "Email is already verified"};
inline constexpr ErrorInfo kUserNotFound{"USER_NOT_FOUND", ErrorKind::kUnauthenticated,
                                         "User not found"};
inline constexpr ErrorInfo kInvalidUser{"INVALID_USER", ErrorKind::kUnauthenticated,
                                        "Invalid user"};
inline constexpr ErrorInfo kChangeEmailDisabled{
    "CHANGE_EMAIL_DISABLED", ErrorKind::kInvalidArgument, "Change email is disabled"};
// Better Auth sends this one without a code.
inline constexpr ErrorInfo kEmailIsTheSame{"", ErrorKind::kInvalidArgument, "Email is the same"};

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_ERRORS_H_
