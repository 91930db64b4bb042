// Wire error codes shared by the core routes (Better Auth's BASE_ERROR_CODES,
// same codes and messages so clients switching on `code` keep working).
#ifndef LK_FEATURES_COMMON_BASE_ERRORS_H_
#define LK_FEATURES_COMMON_BASE_ERRORS_H_

#include "core/error.h"

namespace latchkey::errors {

inline constexpr ErrorInfo kUnauthorized{"UNAUTHORIZED", ErrorKind::kUnauthenticated,
                                         "Unauthorized"};
inline constexpr ErrorInfo kInvalidEmail{"INVALID_EMAIL", ErrorKind::kInvalidArgument,
                                         "Invalid email"};
inline constexpr ErrorInfo kPasswordTooShort{"PASSWORD_TOO_SHORT", ErrorKind::kInvalidArgument,
                                             "Password too short"};
inline constexpr ErrorInfo kPasswordTooLong{"PASSWORD_TOO_LONG", ErrorKind::kInvalidArgument,
                                            "Password too long"};
inline constexpr ErrorInfo kUserAlreadyExists{"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                                              ErrorKind::kUnprocessable,
                                              "User already exists. Use another email."};
inline constexpr ErrorInfo kFailedToCreateUser{"FAILED_TO_CREATE_USER", ErrorKind::kUnprocessable,
                                               "Failed to create user"};
inline constexpr ErrorInfo kFailedToCreateSession{
    "FAILED_TO_CREATE_SESSION", ErrorKind::kInvalidArgument, "Failed to create session"};
inline constexpr ErrorInfo kInvalidEmailOrPassword{
    "INVALID_EMAIL_OR_PASSWORD", ErrorKind::kUnauthenticated, "Invalid email or password"};
inline constexpr ErrorInfo kEmailCanNotBeUpdated{
    "EMAIL_CAN_NOT_BE_UPDATED", ErrorKind::kInvalidArgument, "Email can not be updated"};
// Better Auth sends this one without a code.
inline constexpr ErrorInfo kNoFieldsToUpdate{"", ErrorKind::kInvalidArgument,
                                             "No fields to update"};
inline constexpr ErrorInfo kMissingOrNullOrigin{
    "MISSING_OR_NULL_ORIGIN", ErrorKind::kPermissionDenied, "Missing or null Origin"};
inline constexpr ErrorInfo kInvalidOrigin{"INVALID_ORIGIN", ErrorKind::kPermissionDenied,
                                          "Invalid origin"};
inline constexpr ErrorInfo kInvalidCallbackUrl{"INVALID_CALLBACK_URL", ErrorKind::kPermissionDenied,
                                               "Invalid callbackURL"};
inline constexpr ErrorInfo kInvalidRedirectUrl{"INVALID_REDIRECT_URL", ErrorKind::kPermissionDenied,
                                               "Invalid redirectURL"};
inline constexpr ErrorInfo kInvalidErrorCallbackUrl{
    "INVALID_ERROR_CALLBACK_URL", ErrorKind::kPermissionDenied, "Invalid errorCallbackURL"};
inline constexpr ErrorInfo kInvalidNewUserCallbackUrl{
    "INVALID_NEW_USER_CALLBACK_URL", ErrorKind::kPermissionDenied, "Invalid newUserCallbackURL"};
inline constexpr ErrorInfo kCrossSiteNavigationLoginBlocked{
    "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", ErrorKind::kPermissionDenied,
    "Cross-site navigation login blocked. This request appears to be a CSRF attack."};
inline constexpr ErrorInfo kSessionNotFresh{"SESSION_NOT_FRESH", ErrorKind::kPermissionDenied,
                                            "Session is not fresh"};
inline constexpr ErrorInfo kCredentialAccountNotFound{
    "CREDENTIAL_ACCOUNT_NOT_FOUND", ErrorKind::kInvalidArgument, "Credential account not found"};
inline constexpr ErrorInfo kInvalidPassword{"INVALID_PASSWORD", ErrorKind::kInvalidArgument,
                                            "Invalid password"};
inline constexpr ErrorInfo kEmailNotVerified{"EMAIL_NOT_VERIFIED", ErrorKind::kPermissionDenied,
                                             "Email not verified"};
inline constexpr ErrorInfo kBusy{"SERVICE_UNAVAILABLE", ErrorKind::kUnavailable,
                                 "Too many sign-in attempts are being processed. Retry shortly."};

}  // namespace latchkey::errors

#endif  // LK_FEATURES_COMMON_BASE_ERRORS_H_
