// Forgotten passwords (docs/api.md): request-password-reset mails a
// single-use link, GET /reset-password/:token checks it and redirects to the
// app, POST /reset-password sets the new password and ends every session,
// every refresh-token family (they belong to sessions) and, by default,
// every API key of the account.
#ifndef LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_FEATURE_H_
#define LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_FEATURE_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/trusted_origins.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "features/email_password/email_password_settings.h"
#include "features/email_password/password_hasher.h"
#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::password_reset {

// The verification-token purpose of a reset link.
inline constexpr std::string_view kResetPurpose = "reset-password";

struct ResetDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const email_password::PasswordHasher& hasher;
  MailQueue& mail;
  const TrustedOrigins& trusted;
  CredentialGuard* guard = nullptr;  // new-password policy; null = none (tests)
  // Ends the user's API keys inside the reset's transaction and returns how
  // many (api_keys, which reads its revoke_api_keys_on_password_reset).
  // null = none.
  std::function<Result<std::int64_t>(store::Transaction&, const std::string& user_id)>
      revoke_api_keys;
  // The password length rule is email_password's; read once.
  email_password::EmailPasswordSettings passwords =
      services.config.Get<email_password::EmailPasswordSettings>();
};

class PasswordResetFeature final : public Feature {
 public:
  explicit PasswordResetFeature(ResetDeps deps) : deps_(std::move(deps)) {}
  std::string_view id() const override { return "password-reset"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  ResetDeps deps_;
};

// The handlers (reset_routes.cc).
Result<http::Response> RequestPasswordReset(const http::Request& request, const ResetDeps& deps);
Result<http::Response> CheckResetLink(const http::Request& request, const ResetDeps& deps);
Result<http::Response> ResetPassword(const http::Request& request, const ResetDeps& deps);

}  // namespace latchkey::password_reset

#endif  // LK_FEATURES_PASSWORD_RESET_PASSWORD_RESET_FEATURE_H_
