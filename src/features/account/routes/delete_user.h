// POST /delete-user (wire contract §7.3), without the e-mail confirmation
// flow (that arrives with mail, issue 3).
#ifndef LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_
#define LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_

#include "features/email_password/password_hasher.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::account {

inline constexpr http::RouteSpec kDeleteUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/delete-user",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{8} * 1024,
    .summary = "Deletes the signed-in user and everything they own",
};

// 200 {"success":true,"message":"User deleted"}, cookies expired. With a
// `password` it must be right; without one the session must be fresh.
// Errors: 404 with an empty body when deletion is disabled (Better Auth);
// UNAUTHORIZED (401); CREDENTIAL_ACCOUNT_NOT_FOUND, INVALID_PASSWORD,
// SESSION_EXPIRED (400); INVALID_TOKEN (404) for a confirmation token.
Result<http::Response> DeleteUser(const http::Request& request,
                                  const sessions::SessionService& sessions,
                                  const email_password::PasswordHasher& hasher);

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ROUTES_DELETE_USER_H_
