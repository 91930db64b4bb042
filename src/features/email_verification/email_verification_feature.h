// E-mail verification (wire contract §7.2): send-verification-email and
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
#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::email_verification {

struct VerificationDeps {
  const sessions::SessionService& sessions;
  MailQueue& mail;
  const TrustedOrigins& trusted;
  CredentialGuard* guard = nullptr;  // per-account mail budget; null = none (tests)
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
  Result<void> RegisterRoutes(http::Router& router) override;

 private:
  VerificationDeps deps_;
};

Result<http::Response> SendVerificationEmail(const http::Request& request,
                                             const VerificationDeps& deps);
Result<http::Response> VerifyEmail(const http::Request& request, const VerificationDeps& deps);
// 200 {"status":true} (also for a taken address). Errors: CHANGE_EMAIL_DISABLED,
// "Email is the same", VALIDATION_ERROR (400), UNAUTHORIZED (401).
Result<http::Response> ChangeEmail(const http::Request& request, const VerificationDeps& deps);

}  // namespace latchkey::email_verification

#endif  // LK_FEATURES_EMAIL_VERIFICATION_EMAIL_VERIFICATION_FEATURE_H_
