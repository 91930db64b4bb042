// The three password-reset handlers.
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/password_reset/password_reset_feature.h"
#include "features/users/user_store.h"
#include "features/verification/verification_store.h"
#include "http/body.h"

namespace latchkey::password_reset {
namespace {

constexpr TimeMs kLinkLifetimeMs = TimeMs{3600} * 1000;  // 1 h (Better Auth's default)
constexpr std::size_t kTokenLength = 24;
constexpr std::string_view kRequestAnswer =
    R"({"status":true,"message":"If this email exists in our system, check your email for the reset link"})";

// The reset link is the mail's first link: it is what the reader (and the
// development log) needs.
OutgoingMail ResetMail(const Config& config, const users::User& user, const std::string& url) {
  return ComposeMail(config, user.email,
                     {.subject = "Reset your password",
                      .greeting_name = user.name,
                      .before = {"Someone, we hope you, asked to reset the password of your "
                                 "account. To choose a new one, open this link within an hour."},
                      .action_label = "Choose a new password",
                      .action_url = url,
                      .after = {"If it was not you, ignore this mail: your password stays as "
                                "it is."}});
}

}  // namespace

Result<http::Response> RequestPasswordReset(const http::Request& request, const ResetDeps& deps) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string email, validation::RequireString(body, "email", 320));
  LK_ASSIGN_OR_RETURN(auto redirect_to, validation::OptionalString(body, "redirectTo", 2048));
  email = validation::LowerAscii(email);
  if (!validation::IsValidEmail(email)) {
    return Fail(validation::FieldError("email", "Invalid email address"));
  }
  if (deps.guard) LK_TRY(deps.guard->LimitAccount(request, "request-password-reset", email));
  // Known or not, the same transaction shape and the same answer (ASVS 2.2.1).
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, email));
    if (user) {
      LK_TRY(
          verification::DeleteUserTokens(tx, kResetPurpose, user->id));  // one live link at a time
      LK_ASSIGN_OR_RETURN(std::string token,
                          verification::CreateToken(tx, deps.services.clock, kResetPurpose,
                                                    user->id, kLinkLifetimeMs, kTokenLength));
      const std::string url =
          MailLink(deps.services.config, "/api/auth/reset-password/" + token, redirect_to);
      LK_TRY(deps.mail.Send(tx, ResetMail(deps.services.config, *user, url)));
    }
    return audit::RecordInTransaction(
        tx, deps.services.clock, request,
        {.type = "user.password_reset_request",
         .outcome = user ? audit::kSuccess : audit::kFailure,
         .user_id = user ? user->id : "",
         .details_json = user ? "{}" : R"({"reason":"unknown_email"})"});
  }));
  // Known e-mail or not, like the answer (docs/operations.md "Metrics").
  deps.services.activity.PasswordResetRequested();
  http::Response response = http::Response::Json(std::string(kRequestAnswer));
  response.no_store = true;
  return response;
}

Result<http::Response> CheckResetLink(const http::Request& request, const ResetDeps& deps) {
  auto callback = request.QueryParam("callbackURL");
  if (!callback || callback->empty()) {
    Error error = validation::FieldError("callbackURL", "");
    error.wire_message = "[query.callbackURL] Invalid input: expected string, received undefined";
    return Fail(std::move(error));
  }
  // GET routes check their callbackURL themselves (docs/api.md, "Redirects and callback URLs").
  if (!deps.trusted.IsTrustedRedirect(*callback)) {
    return Fail(MakeError(errors::kInvalidCallbackUrl));
  }
  const std::string token(request.PathParam("token").value_or(""));
  LK_ASSIGN_OR_RETURN(
      auto user_id, store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
        return verification::PeekToken(tx, deps.services.clock, kResetPurpose, token);
      }));
  std::string location =
      callback->front() == '/' ? deps.services.config.base_url + *callback : *callback;
  location += location.find('?') == std::string::npos ? "?" : "&";
  location += user_id ? "token=" + http::PercentEncode(token) : std::string("error=INVALID_TOKEN");
  // Referrer-Policy: no-referrer is on every response, so the token in this
  // URL never leaks to the next page's requests.
  return http::Response::Redirect(std::move(location));
}

}  // namespace latchkey::password_reset
