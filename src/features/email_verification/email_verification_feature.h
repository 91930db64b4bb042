// E-mail verification (docs/api.md): send-verification-email and
// verify-email, the mail sent on sign-up (send_verification_on_sign_up), and
// the rule that unverified users cannot sign in (require_email_verification,
// enforced by email_password through VerificationRequired()).
#ifndef LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_FEATURE_H_
#define LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_FEATURE_H_

#include <optional>
#include <string>

#include "core/trusted_origins.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "features/email_password/password_hasher.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_settings.h"
#include "features/feature.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"

namespace latchkey::email_verification {

struct VerificationDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  MailQueue& mail;
  const TrustedOrigins& trusted;
  CredentialGuard* guard = nullptr;  // per-account mail budget; null = none (tests)
  // change-email's password proof; null = only a fresh session proves (tests).
  const email_password::PasswordHasher* hasher = nullptr;
  // verify-email's automatic sign-in (the common sign-in path). REQUIRES
  // non-null when auto_sign_in_after_verification is on.
  const sessions::SignInFlow* sign_in = nullptr;
  // Read once, when app/ builds the deps.
  EmailVerificationSettings settings = services.config.Get<EmailVerificationSettings>();
};

// Queues the verification mail for `user` in tx; the link carries an HS256
// token valid one hour and `callbackURL` (default "/").
Result<void> QueueVerificationMail(store::Transaction& tx, const VerificationDeps& deps,
                                   const users::User& user,
                                   const std::optional<std::string>& callback_url);

class EmailVerificationFeature final : public Feature {
 public:
  explicit EmailVerificationFeature(VerificationDeps deps) : deps_(deps) {}
  std::string_view id() const override { return "email-verification"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const ErrorInfo> Errors() const override;
  // Offers admin's "resend-verification" account operation.
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  VerificationDeps deps_;
};

Result<http::Response> SendVerificationEmail(const http::Request& request,
                                             const VerificationDeps& deps);
Result<http::Response> VerifyEmail(const http::Request& request, const VerificationDeps& deps);
// 200 {"status":true} (also for a taken address). Body: newEmail,
// callbackURL?, password? (without it the session must be fresh).
// Errors: CHANGE_EMAIL_DISABLED, "Email is the same", VALIDATION_ERROR,
// INVALID_PASSWORD, CREDENTIAL_ACCOUNT_NOT_FOUND (400), SESSION_NOT_FRESH (403).
Result<http::Response> ChangeEmail(const http::Request& request,
                                   const sessions::SessionWithUser& current,
                                   const VerificationDeps& deps);
// Better Auth answers a disabled change-email before asking who calls: the
// route table runs this first. Errors: CHANGE_EMAIL_DISABLED (400).
Result<void> CheckChangeEmailEnabled(const VerificationDeps& deps);
// Queues the "change-email-verification" link (claims' request type is set
// here) to claims.update_to, in tx.
Result<void> QueueNewAddressMail(store::Transaction& tx, const VerificationDeps& deps,
                                 const users::User& user, EmailClaims claims,
                                 const std::optional<std::string>& callback_url);
// GET /verify-email with a change-email token (claims.update_to set): the
// approval step mails the new address, the verification step switches the
// e-mail. `callback` empty = none given.
Result<http::Response> FollowChangeEmailLink(const http::Request& request,
                                             const VerificationDeps& deps,
                                             const EmailClaims& claims,
                                             const std::string& callback);
// A refused link: 302 to callback?error=CODE when the app gave one (docs/api.md,
// "Redirects and callback URLs"),
// else the error itself.
Result<http::Response> RefuseLink(const std::string& callback, const ErrorInfo& info);

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_FEATURE_H_
