// The api-key plugin's wire errors (Better Auth's API_KEY_ERROR_CODES: same
// codes and messages; statuses as docs/api.md observed them).
#ifndef LK_FEATURES_API_KEYS_API_KEY_ERRORS_H_
#define LK_FEATURES_API_KEYS_API_KEY_ERRORS_H_

#include "core/error.h"

namespace latchkey::api_keys::errors {

inline constexpr ErrorInfo kUnauthorizedSession{"UNAUTHORIZED_SESSION", ErrorKind::kUnauthenticated,
                                                "Unauthorized or invalid session"};
inline constexpr ErrorInfo kServerOnlyProperty{
    "SERVER_ONLY_PROPERTY", ErrorKind::kInvalidArgument,
    "The property you're trying to set can only be set from the server auth instance only."};
inline constexpr ErrorInfo kKeyNotFound{"KEY_NOT_FOUND", ErrorKind::kNotFound, "API Key not found"};
inline constexpr ErrorInfo kInvalidNameLength{"INVALID_NAME_LENGTH", ErrorKind::kInvalidArgument,
                                              "The name length is either too large or too small."};
inline constexpr ErrorInfo kInvalidPrefixLength{
    "INVALID_PREFIX_LENGTH", ErrorKind::kInvalidArgument,
    "The prefix length is either too large or too small."};
inline constexpr ErrorInfo kExpiresInTooSmall{
    "EXPIRES_IN_IS_TOO_SMALL", ErrorKind::kInvalidArgument,
    "The expiresIn is smaller than the predefined minimum value."};
inline constexpr ErrorInfo kExpiresInTooLarge{
    "EXPIRES_IN_IS_TOO_LARGE", ErrorKind::kInvalidArgument,
    "The expiresIn is larger than the predefined maximum value."};
inline constexpr ErrorInfo kMetadataDisabled{"METADATA_DISABLED", ErrorKind::kInvalidArgument,
                                             "Metadata is disabled."};
inline constexpr ErrorInfo kInvalidMetadataType{"INVALID_METADATA_TYPE",
                                                ErrorKind::kInvalidArgument,
                                                "metadata must be an object or undefined"};
inline constexpr ErrorInfo kNoValuesToUpdate{"NO_VALUES_TO_UPDATE", ErrorKind::kInvalidArgument,
                                             "No values to update."};
// Presented keys.
inline constexpr ErrorInfo kInvalidApiKey{"INVALID_API_KEY", ErrorKind::kUnauthenticated,
                                          "Invalid API key."};
// Better Auth answers 403 for a value shorter than a key can be.
inline constexpr ErrorInfo kMalformedApiKey{"INVALID_API_KEY", ErrorKind::kPermissionDenied,
                                            "Invalid API key."};
inline constexpr ErrorInfo kKeyDisabled{"KEY_DISABLED", ErrorKind::kUnauthenticated,
                                        "API Key is disabled"};
inline constexpr ErrorInfo kKeyExpired{"KEY_EXPIRED", ErrorKind::kUnauthenticated,
                                       "API Key has expired"};
inline constexpr ErrorInfo kUsageExceeded{"USAGE_EXCEEDED", ErrorKind::kRateLimited,
                                          "API Key has reached its usage limit"};
inline constexpr ErrorInfo kRateLimited{"RATE_LIMITED", ErrorKind::kRateLimited,
                                        "Rate limit exceeded."};
// A key used where its permissions do not reach (admin routes).
inline constexpr ErrorInfo kInsufficientPermissions{
    "INSUFFICIENT_API_KEY_PERMISSIONS", ErrorKind::kPermissionDenied,
    "You do not have permission to perform this action."};

}  // namespace latchkey::api_keys::errors

#endif  // LK_FEATURES_API_KEYS_API_KEY_ERRORS_H_
