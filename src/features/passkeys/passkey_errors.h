// The passkey plugin's error codes (docs/api.md "Passkeys"), with Better
// Auth's messages.
#ifndef LK_FEATURES_PASSKEYS_PASSKEY_ERRORS_H_
#define LK_FEATURES_PASSKEYS_PASSKEY_ERRORS_H_

#include "core/error.h"

namespace latchkey::passkeys::errors {

inline constexpr ErrorInfo kChallengeNotFound{"CHALLENGE_NOT_FOUND", ErrorKind::kInvalidArgument,
                                              "Challenge not found"};
inline constexpr ErrorInfo kFailedToVerifyRegistration{
    "FAILED_TO_VERIFY_REGISTRATION", ErrorKind::kInvalidArgument, "Failed to verify registration"};
inline constexpr ErrorInfo kPasskeyNotFound{"PASSKEY_NOT_FOUND", ErrorKind::kUnauthenticated,
                                            "Passkey not found"};
inline constexpr ErrorInfo kPasskeyNotFoundManage{"PASSKEY_NOT_FOUND", ErrorKind::kNotFound,
                                                  "Passkey not found"};
// Better Auth answers 401 when the signature does not verify and 400 when
// another check of the assertion fails.
inline constexpr ErrorInfo kAuthenticationFailed{
    "AUTHENTICATION_FAILED", ErrorKind::kUnauthenticated, "Authentication failed"};
inline constexpr ErrorInfo kAuthenticationInvalid{
    "AUTHENTICATION_FAILED", ErrorKind::kInvalidArgument, "Authentication failed"};
inline constexpr ErrorInfo kNotAllowed{"YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY",
                                       ErrorKind::kUnauthenticated,
                                       "You are not allowed to register this passkey"};

}  // namespace latchkey::passkeys::errors

#endif  // LK_FEATURES_PASSKEYS_PASSKEY_ERRORS_H_
