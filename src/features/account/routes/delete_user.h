// POST /delete-user (docs/api.md), without the e-mail confirmation
// flow (that arrives with mail, issue 3).
#ifndef LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_
#define LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_

#include "core/trusted_origins.h"
#include "features/account/account_settings.h"
#include "features/account/routes/account_docs.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "features/email_password/password_hasher.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::account {

inline constexpr http::RouteSpec kDeleteUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/delete-user",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{8} * 1024,
    .summary = "Deletes the signed-in user and everything they own",
    .doc = &kDeleteUserDoc,
};

inline constexpr http::RouteSpec kDeleteUserCallbackRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/delete-user/callback",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Deletes the user from the link mailed by delete-user",
    .doc = &kDeleteCallbackDoc,
};

struct DeleteDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const email_password::PasswordHasher& hasher;
  MailQueue& mail;
  const TrustedOrigins& trusted;
  CredentialGuard* guard = nullptr;        // lockout on the password proof; null = none (tests)
  const platform::Hooks* hooks = nullptr;  // user-deleted hooks; null = none (tests)
  AccountSettings settings = services.config.Get<AccountSettings>();  // read once
};

// 200 {"success":true,"message":"User deleted"}, cookies expired. With a
// `password` it must be right; without one the session must be fresh. With
// delete_user_confirm_by_mail the proof only earns a mailed link:
// {"success":true,"message":"Verification email sent"}; a `token` from that
// link deletes. Errors: 404 with an empty body when deletion is disabled
// (Better Auth); UNAUTHORIZED (401); CREDENTIAL_ACCOUNT_NOT_FOUND,
// INVALID_PASSWORD, SESSION_EXPIRED (400); INVALID_TOKEN (404);
// ACCOUNT_TEMPORARILY_LOCKED (429) while password guesses have locked it.
Result<http::Response> DeleteUser(const http::Request& request,
                                  const sessions::SessionWithUser& current, const DeleteDeps& deps);
// GET /delete-user/callback?token=…&callbackURL=…: 302 to callbackURL or
// {"success":true,"message":"User deleted"}. Errors: FAILED_TO_GET_USER_INFO
// (404) without a session, INVALID_TOKEN (404), INVALID_CALLBACK_URL (403).
Result<http::Response> DeleteUserCallback(const http::Request& request,
                                          const sessions::SessionWithUser& current,
                                          const DeleteDeps& deps);
// The callback's callbackURL is checked before the session.
// Errors: INVALID_CALLBACK_URL (403).
Result<void> CheckDeleteCallbackUrl(const http::Request& request, const DeleteDeps& deps);
// The callback's refusal without a session (Better Auth's).
extern const ErrorInfo& kDeleteCallbackNoUser;

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_
