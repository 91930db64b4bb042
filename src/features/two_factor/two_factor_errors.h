// The twoFactor plugin's error codes (docs/api.md "Two-factor
// authentication"), with Better Auth's messages.
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_ERRORS_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_ERRORS_H_

#include "core/error.h"

namespace latchkey::two_factor::errors {

inline constexpr ErrorInfo kInvalidTwoFactorCookie{
    "INVALID_TWO_FACTOR_COOKIE", ErrorKind::kUnauthenticated, "Invalid two factor cookie"};
inline constexpr ErrorInfo kInvalidCode{"INVALID_CODE", ErrorKind::kUnauthenticated,
                                        "Invalid code"};
inline constexpr ErrorInfo kInvalidBackupCode{"INVALID_BACKUP_CODE", ErrorKind::kUnauthenticated,
                                              "Invalid backup code"};
inline constexpr ErrorInfo kTotpNotEnabled{"TOTP_NOT_ENABLED", ErrorKind::kInvalidArgument,
                                           "TOTP not enabled"};
inline constexpr ErrorInfo kTotpAlreadyEnabled{"TOTP_ALREADY_ENABLED", ErrorKind::kInvalidArgument,
                                               "TOTP is already enabled"};
inline constexpr ErrorInfo kTwoFactorNotEnabled{
    "TWO_FACTOR_NOT_ENABLED", ErrorKind::kInvalidArgument, "Two factor isn't enabled"};
inline constexpr ErrorInfo kBackupCodesNotEnabled{
    "BACKUP_CODES_NOT_ENABLED", ErrorKind::kInvalidArgument, "Backup codes aren't enabled"};
inline constexpr ErrorInfo kOtpHasExpired{"OTP_HAS_EXPIRED", ErrorKind::kInvalidArgument,
                                          "OTP has expired"};
inline constexpr ErrorInfo kOtpNotConfigured{"OTP_NOT_CONFIGURED", ErrorKind::kInvalidArgument,
                                             "OTP is not available"};
inline constexpr ErrorInfo kTooManyAttempts{"TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE",
                                            ErrorKind::kInvalidArgument,
                                            "Too many attempts. Please request a new code."};
// The QR code of a setup is shown only while the setup is pending.
inline constexpr ErrorInfo kNoPendingSetup{"NO_PENDING_TOTP_SETUP", ErrorKind::kNotFound,
                                           "No authenticator setup is pending"};

}  // namespace latchkey::two_factor::errors

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_ERRORS_H_
