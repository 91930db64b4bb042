#include "features/email_verification/email_verification_feature.h"

#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_errors.h"
#include "features/email_verification/verification_docs.h"
#include "features/platform/platform.h"
#include "http/body.h"

namespace latchkey::email_verification {
namespace {

constexpr http::RouteSpec kSendRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/send-verification-email",
    .body_limit = std::size_t{4} * 1024,
    .rate_limit_bucket = "verification-mail",
    .summary = "Mails an e-mail verification link (same answer for unknown e-mails)",
    .doc = &kSendDoc,
};
constexpr http::RouteSpec kChangeEmailRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/change-email",
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{4} * 1024,
    .rate_limit_bucket = "change-email",
    .summary = "Starts an e-mail change (password or fresh session; old address approves first)",
    .doc = &kChangeEmailDoc,
};
constexpr http::RouteSpec kVerifyRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/verify-email",
    .summary = "Marks the e-mail in a verification token as verified, or follows a change link",
    .doc = &kVerifyDoc,
};

}  // namespace

Result<void> EmailVerificationFeature::Register(platform::Platform& platform) {
  // Admin's resend-verification (docs/permissions.md "Account operations"):
  // the same mail and per-account budget as send-verification-email.
  platform.hooks.OfferAccountAction(
      "resend-verification",
      [this](store::Transaction& tx,
             const platform::AccountActionEvent& event) -> Result<std::string> {
        if (event.user.email_verified) return Fail(MakeError(kAlreadyVerified));
        LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(event.request, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(auto callback, validation::OptionalString(body, "callbackURL", 2048));
        if (deps_.guard) {
          LK_TRY(deps_.guard->LimitAccount(event.request, "send-verification-email",
                                           event.user.email));
        }
        LK_TRY(QueueVerificationMail(tx, deps_, event.user, callback));
        return std::string("{}");
      });
  // The account page offers the change-email form only where the route works.
  if (deps_.settings.change_email_enabled) platform.pages.Set("changeEmail", "true");
  return {};
}

Result<void> QueueVerificationMail(store::Transaction& tx, const VerificationDeps& deps,
                                   const users::User& user,
                                   const std::optional<std::string>& callback_url) {
  const Config& config = deps.services.config;
  const std::int64_t now_s = deps.services.clock.NowMs() / 1000;
  const std::string token =
      SignEmailToken(config.secret, {user.email, user.id, now_s, now_s + kEmailTokenLifetimeS});
  const std::string url = MailLink(config, "/api/auth/verify-email?token=" + token, callback_url);
  return deps.mail.Send(
      tx, ComposeMail(config, user.email,
                      {.subject = "Verify your e-mail address",
                       .greeting_name = user.name,
                       .before = {"To confirm this e-mail address, open this link within an hour."},
                       .action_label = "Verify e-mail address",
                       .action_url = url,
                       .after = {"If you did not create an account, ignore this mail."}}));
}

std::span<const std::string_view> EmailVerificationFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

// Every code this feature defines; app/error_codes.cc checks them at startup.
std::span<const ErrorInfo> EmailVerificationFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kInvalidToken,        kTokenExpired,  kEmailMismatch,
                                          kAlreadyVerified,     kUserNotFound,  kInvalidUser,
                                          kChangeEmailDisabled, kEmailIsTheSame};
  return kErrors;
}

Result<void> EmailVerificationFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kSendRoute, [this](const http::Request& req, platform::Call&) {
    return SendVerificationEmail(req, deps_);
  }));
  LK_TRY(routes.Add(
      kChangeEmailRoute,
      [this](const http::Request& req, platform::Call& call) {
        return ChangeEmail(req, call.caller(), deps_);
      },
      // Better Auth answers a disabled change-email before asking who calls.
      {.check_first = [this](const http::Request&) { return CheckChangeEmailEnabled(deps_); }}));
  return routes.Add(kVerifyRoute, [this](const http::Request& req, platform::Call&) {
    return VerifyEmail(req, deps_);
  });
}

}  // namespace latchkey::email_verification
