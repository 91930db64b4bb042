// The admin plugin's error codes (docs/api.md "Administration"), with
// Better Auth's messages, and the one 403 each permission answers.
#ifndef LK_FEATURES_ADMIN_ADMIN_ERRORS_H_
#define LK_FEATURES_ADMIN_ADMIN_ERRORS_H_

#include "core/error.h"

namespace latchkey::admin::errors {

inline constexpr ErrorInfo kInvalidAdminRoles{"INVALID_ADMIN_ROLES", ErrorKind::kInvalidArgument,
                                              "admin_roles is malformed"};
inline constexpr ErrorInfo kBannedUser{"BANNED_USER", ErrorKind::kPermissionDenied,
                                       "You have been banned from this application"};
inline constexpr ErrorInfo kFieldNotAllowed{"FIELD_NOT_ALLOWED", ErrorKind::kInvalidArgument,
                                            "Field not allowed to be set"};
inline constexpr ErrorInfo kCannotBanYourself{
    "YOU_CANNOT_BAN_YOURSELF", ErrorKind::kInvalidArgument, "You cannot ban yourself"};
inline constexpr ErrorInfo kNonExistentRole{"YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE",
                                            ErrorKind::kInvalidArgument,
                                            "You are not allowed to set a non-existent role value"};
inline constexpr ErrorInfo kInvalidRoleType{"INVALID_ROLE_TYPE", ErrorKind::kInvalidArgument,
                                            "Invalid role type"};
inline constexpr ErrorInfo kLastAdmin{"YOU_CANNOT_DEMOTE_THE_LAST_ADMIN",
                                      ErrorKind::kInvalidArgument,
                                      "The last admin cannot lose the admin role"};
inline constexpr ErrorInfo kUserNotFound{"USER_NOT_FOUND", ErrorKind::kNotFound, "User not found"};
inline constexpr ErrorInfo kUserExists{"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                                       ErrorKind::kInvalidArgument,
                                       "User already exists. Use another email."};
inline constexpr ErrorInfo kNoDataToUpdate{"NO_DATA_TO_UPDATE", ErrorKind::kInvalidArgument,
                                           "No data to update"};
inline constexpr ErrorInfo kPasswordViaUpdateUser{
    "PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER", ErrorKind::kInvalidArgument,
    "Password cannot be updated through update-user. Use the set-user-password endpoint instead"};
inline constexpr ErrorInfo kUserIdCannotBeUpdated{
    "USER_ID_CANNOT_BE_UPDATED", ErrorKind::kInvalidArgument, "User id cannot be updated"};
inline constexpr ErrorInfo kCannotRemoveYourself{
    "YOU_CANNOT_REMOVE_YOURSELF", ErrorKind::kInvalidArgument, "You cannot remove yourself"};
// An account operation no enabled feature offers (two-factor off, …).
inline constexpr ErrorInfo kOperationUnavailable{"ACCOUNT_OPERATION_UNAVAILABLE",
                                                 ErrorKind::kNotFound,
                                                 "No enabled feature offers this operation"};

// The 403 of each permission (Better Auth's names).
inline constexpr ErrorInfo kNotAllowedListUsers{"YOU_ARE_NOT_ALLOWED_TO_LIST_USERS",
                                                ErrorKind::kPermissionDenied,
                                                "You are not allowed to list users"};
inline constexpr ErrorInfo kNotAllowedGetUser{"YOU_ARE_NOT_ALLOWED_TO_GET_USER",
                                              ErrorKind::kPermissionDenied,
                                              "You are not allowed to get user"};
inline constexpr ErrorInfo kNotAllowedCreateUsers{"YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS",
                                                  ErrorKind::kPermissionDenied,
                                                  "You are not allowed to create users"};
inline constexpr ErrorInfo kNotAllowedUpdateUsers{"YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS",
                                                  ErrorKind::kPermissionDenied,
                                                  "You are not allowed to update users"};
inline constexpr ErrorInfo kNotAllowedChangeRole{"YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE",
                                                 ErrorKind::kPermissionDenied,
                                                 "You are not allowed to change users role"};
inline constexpr ErrorInfo kNotAllowedBanUsers{"YOU_ARE_NOT_ALLOWED_TO_BAN_USERS",
                                               ErrorKind::kPermissionDenied,
                                               "You are not allowed to ban users"};
inline constexpr ErrorInfo kNotAllowedImpersonate{"YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS",
                                                  ErrorKind::kPermissionDenied,
                                                  "You are not allowed to impersonate users"};
inline constexpr ErrorInfo kNotAllowedDeleteUsers{"YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS",
                                                  ErrorKind::kPermissionDenied,
                                                  "You are not allowed to delete users"};
inline constexpr ErrorInfo kNotAllowedSetPassword{"YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD",
                                                  ErrorKind::kPermissionDenied,
                                                  "You are not allowed to set users password"};
inline constexpr ErrorInfo kNotAllowedListSessions{"YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS",
                                                   ErrorKind::kPermissionDenied,
                                                   "You are not allowed to list users sessions"};
inline constexpr ErrorInfo kNotAllowedRevokeSessions{
    "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS", ErrorKind::kPermissionDenied,
    "You are not allowed to revoke users sessions"};
inline constexpr ErrorInfo kNotAllowedSetEmail{"YOU_ARE_NOT_ALLOWED_TO_SET_USERS_EMAIL",
                                               ErrorKind::kPermissionDenied,
                                               "You are not allowed to update users email"};
inline constexpr ErrorInfo kNotAllowedSetPhone{"YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PHONE_NUMBER",
                                               ErrorKind::kPermissionDenied,
                                               "You are not allowed to update users phone number"};
// Latchkey's operator extras (docs/permissions.md "Account operations").
inline constexpr ErrorInfo kNotAllowedResetTwoFactor{
    "YOU_ARE_NOT_ALLOWED_TO_RESET_TWO_FACTOR", ErrorKind::kPermissionDenied,
    "You are not allowed to reset users two-factor authentication"};
inline constexpr ErrorInfo kNotAllowedResendVerification{
    "YOU_ARE_NOT_ALLOWED_TO_RESEND_VERIFICATION", ErrorKind::kPermissionDenied,
    "You are not allowed to resend verification emails"};
inline constexpr ErrorInfo kNotAllowedUnlock{"YOU_ARE_NOT_ALLOWED_TO_UNLOCK_USERS",
                                             ErrorKind::kPermissionDenied,
                                             "You are not allowed to unlock users"};
// Impersonation (docs/permissions.md "Impersonation").
inline constexpr ErrorInfo kCannotImpersonateAdmins{
    "YOU_CANNOT_IMPERSONATE_ADMINS", ErrorKind::kPermissionDenied, "You cannot impersonate admins"};
inline constexpr ErrorInfo kNotImpersonating{"NOT_IMPERSONATING", ErrorKind::kInvalidArgument,
                                             "You are not impersonating anyone"};
inline constexpr ErrorInfo kAdminSessionNotFound{
    "ADMIN_SESSION_NOT_FOUND", ErrorKind::kUnauthenticated,
    "Failed to find admin session; the impersonation has ended, sign in again"};
inline constexpr ErrorInfo kImpersonating{
    "NOT_ALLOWED_WHILE_IMPERSONATING", ErrorKind::kPermissionDenied,
    "Administration is not available in an impersonation session; stop impersonating first"};
// An admin whose account has two-factor authentication on, in a session
// that did not pass a second factor (docs/permissions.md "Second factor").
inline constexpr ErrorInfo kSecondFactorRequired{
    "SECOND_FACTOR_REQUIRED", ErrorKind::kPermissionDenied,
    "Administration needs a session that passed the second factor: sign in with your code"};

// For permissions Better Auth's plugin does not have (audit, billing, …).
inline constexpr ErrorInfo kNotAllowed{"YOU_ARE_NOT_ALLOWED", ErrorKind::kPermissionDenied,
                                       "You are not allowed to do this"};

// The 403 for "resource:action".
const ErrorInfo& ForbiddenFor(std::string_view permission);

}  // namespace latchkey::admin::errors

#endif  // LK_FEATURES_ADMIN_ADMIN_ERRORS_H_
