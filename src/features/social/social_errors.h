// The social sign-in feature's error codes (docs/api.md "Social sign-in"),
// with Better Auth's messages, and the codes the callback puts in
// `?error=` (lower case, Better Auth's).
#ifndef LK_FEATURES_SOCIAL_SOCIAL_ERRORS_H_
#define LK_FEATURES_SOCIAL_SOCIAL_ERRORS_H_

#include "core/error.h"

namespace latchkey::social::errors {

inline constexpr ErrorInfo kProviderNotFound{"PROVIDER_NOT_FOUND", ErrorKind::kNotFound,
                                             "Provider not found"};
inline constexpr ErrorInfo kIdTokenNotSupported{"ID_TOKEN_NOT_SUPPORTED", ErrorKind::kNotFound,
                                                "id token not supported"};
inline constexpr ErrorInfo kProviderUnavailable{"PROVIDER_UNAVAILABLE", ErrorKind::kUnavailable,
                                                "The sign-in provider is unavailable"};
inline constexpr ErrorInfo kInvalidCode{"OAUTH_INVALID_CODE", ErrorKind::kUnauthenticated,
                                        "Invalid code"};
inline constexpr ErrorInfo kInvalidIdToken{"INVALID_ID_TOKEN", ErrorKind::kUnauthenticated,
                                           "Invalid ID token"};
inline constexpr ErrorInfo kFailedToGetUserInfo{
    "OAUTH_USER_INFO_FAILED", ErrorKind::kUnauthenticated, "Failed to get user info"};
inline constexpr ErrorInfo kAccountNotFound{"ACCOUNT_NOT_FOUND", ErrorKind::kInvalidArgument,
                                            "Account not found"};
inline constexpr ErrorInfo kFailedToUnlinkLastAccount{"FAILED_TO_UNLINK_LAST_ACCOUNT",
                                                      ErrorKind::kInvalidArgument,
                                                      "You can't unlink your last account"};
inline constexpr ErrorInfo kAccessTokenNotFound{
    "ACCESS_TOKEN_NOT_FOUND", ErrorKind::kInvalidArgument, "Access token not found"};
inline constexpr ErrorInfo kRefreshTokenNotFound{
    "REFRESH_TOKEN_NOT_FOUND", ErrorKind::kInvalidArgument, "Refresh token not found"};
inline constexpr ErrorInfo kFailedToGetAccessToken{"FAILED_TO_GET_ACCESS_TOKEN",
                                                   ErrorKind::kInvalidArgument,
                                                   "Failed to get a valid access token"};
inline constexpr ErrorInfo kFailedToRefreshAccessToken{"FAILED_TO_REFRESH_ACCESS_TOKEN",
                                                       ErrorKind::kInvalidArgument,
                                                       "Failed to refresh access token"};
inline constexpr ErrorInfo kUserEmailNotFound{"USER_EMAIL_NOT_FOUND", ErrorKind::kUnauthenticated,
                                              "User email not found"};
inline constexpr ErrorInfo kOAuthLinkError{"OAUTH_LINK_ERROR", ErrorKind::kUnauthenticated,
                                           "The account could not be signed in or linked"};
// link-social with an ID token (Better Auth's codes and messages).
inline constexpr ErrorInfo kSocialAccountAlreadyLinked{
    "SOCIAL_ACCOUNT_ALREADY_LINKED", ErrorKind::kConflict, "Social account already linked"};
inline constexpr ErrorInfo kLinkingNotAllowed{"LINKING_NOT_ALLOWED", ErrorKind::kUnauthenticated,
                                              "Account not linked - linking not allowed"};
inline constexpr ErrorInfo kLinkingDifferentEmails{
    "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED", ErrorKind::kUnauthenticated,
    "Account not linked - different emails not allowed"};
// Never on the wire: the callback turns it into ?error=state_mismatch or
// ?error=state_not_found (Error::detail).
inline constexpr ErrorInfo kStateMismatch{"STATE_MISMATCH", ErrorKind::kInvalidArgument,
                                          "State mismatch"};
inline constexpr ErrorInfo kProviderNotSupported{
    "PROVIDER_NOT_SUPPORTED", ErrorKind::kInvalidArgument, "Provider not supported"};

}  // namespace latchkey::social::errors

#endif  // LK_FEATURES_SOCIAL_SOCIAL_ERRORS_H_
