// POST /sign-up/email, /sign-in/email, /change-password and /verify-password
// (docs/api.md).
#ifndef LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_ROUTES_H_
#define LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_ROUTES_H_

#include <functional>
#include <optional>

#include "features/common/credential_guard.h"
#include "features/email_password/email_password_settings.h"
#include "features/email_password/password_hasher.h"
#include "features/email_password/routes/credential_docs.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"
#include "http/route.h"

namespace latchkey::email_password {

inline constexpr http::RouteSpec kSignUpRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/sign-up/email",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{64} * 1024,
    .rate_limit_bucket = "sign-up",
    .summary = "Creates a user with an e-mail and password and signs it in",
    .hashes_password = true,
    .doc = &kSignUpDoc,
};

inline constexpr http::RouteSpec kSignInRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/sign-in/email",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{64} * 1024,
    .rate_limit_bucket = "sign-in",
    .summary = "Signs in with an e-mail and password",
    .hashes_password = true,
    .doc = &kSignInDoc,
};

inline constexpr http::RouteSpec kChangePasswordRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/change-password",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{16} * 1024,
    .rate_limit_bucket = "change-password",
    .summary = "Changes the signed-in user's password (current password required)",
    .hashes_password = true,
    .doc = &kChangePasswordDoc,
};

inline constexpr http::RouteSpec kVerifyPasswordRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/verify-password",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{16} * 1024,
    .rate_limit_bucket = "verify-password",
    .summary = "Checks the signed-in user's password (step-up before a sensitive action)",
    .hashes_password = true,
    .doc = &kVerifyPasswordDoc,
};

// Runs inside the sign-up transaction when the config asks for a
// verification mail (e-mail verification owns the mail; wired in app/).
using SignUpMailer = std::function<Result<void>(store::Transaction& tx, const users::User& user,
                                                const std::optional<std::string>& callback_url)>;

struct CredentialDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const sessions::SignInFlow& sign_in;  // every session this feature starts
  const platform::Hooks& hooks;         // before sign-up, user created
  const PasswordHasher& hasher;
  const sessions::KnownDevices& devices;     // new-device notices
  CredentialGuard* guard = nullptr;          // abuse checks; null = none (tests)
  SignUpMailer send_verification = nullptr;  // empty: no mail on sign-up
  // Read once, when app/ builds the deps.
  EmailPasswordSettings settings = services.config.Get<EmailPasswordSettings>();
};

// 200 {"token","user"} + session cookies.
// Errors: VALIDATION_ERROR, INVALID_EMAIL, PASSWORD_TOO_SHORT/LONG (400),
// USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL (422), SERVICE_UNAVAILABLE (503).
Result<http::Response> SignUpEmail(const http::Request& request, const CredentialDeps& deps);

// 200 {"redirect","token","url"?,"user"} + session cookies.
// Errors: VALIDATION_ERROR, INVALID_EMAIL, PASSWORD_TOO_LONG (400),
// INVALID_EMAIL_OR_PASSWORD (401, identical for unknown e-mails),
// SERVICE_UNAVAILABLE (503).
Result<http::Response> SignInEmail(const http::Request& request, const CredentialDeps& deps);

// 200 {"token": null | "<new session token>", "user"}; with
// revokeOtherSessions every session is replaced by a new one (cookie set).
// Errors: UNAUTHORIZED (401), VALIDATION_ERROR, PASSWORD_TOO_SHORT/LONG,
// CREDENTIAL_ACCOUNT_NOT_FOUND, INVALID_PASSWORD (400), SERVICE_UNAVAILABLE (503).
Result<http::Response> ChangePassword(const http::Request& request,
                                      const sessions::SessionWithUser& current,
                                      const CredentialDeps& deps);

// 200 {"status":true}. A wrong password counts toward the account's lockout.
// Errors: UNAUTHORIZED (401), VALIDATION_ERROR, PASSWORD_TOO_LONG,
// INVALID_PASSWORD (400, also when the user has no password); 429
// ACCOUNT_TEMPORARILY_LOCKED; SERVICE_UNAVAILABLE (503).
Result<http::Response> VerifyPassword(const http::Request& request,
                                      const sessions::SessionWithUser& current,
                                      const CredentialDeps& deps);
// The body schema, checked before the session. Errors: VALIDATION_ERROR (400).
Result<std::string> VerifyPasswordInput(const http::Request& request);

}  // namespace latchkey::email_password

#endif  // LK_FEATURES_EMAIL_PASSWORD_ROUTES_CREDENTIAL_ROUTES_H_
