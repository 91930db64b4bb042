// POST /change-email (wire contract §7.2): the new address must prove itself
// (a verification link mailed to it, carrying updateTo), and the old address
// is told, so a hijacked session cannot quietly take the account.
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_feature.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_verification {
namespace {

constexpr std::int64_t kTokenLifetimeS = 3600;
constexpr ErrorInfo kChangeEmailDisabled{"CHANGE_EMAIL_DISABLED", ErrorKind::kInvalidArgument,
                                         "Change email is disabled"};
constexpr ErrorInfo kEmailIsTheSame{"", ErrorKind::kInvalidArgument, "Email is the same"};

Result<void> QueueChangeMails(store::Transaction& tx, const VerificationDeps& deps,
                              const users::User& user, const std::string& new_email,
                              const std::optional<std::string>& callback_url) {
  const Config& config = deps.sessions.config();
  const std::int64_t now_s = deps.sessions.clock().NowMs() / 1000;
  EmailClaims claims{
      user.email, user.id, now_s, now_s + kTokenLifetimeS, new_email, "change-email-verification"};
  const std::string url =
      MailLink(config, "/api/auth/verify-email?token=" + SignEmailToken(config.secret, claims),
               callback_url);
  LK_TRY(deps.mail.Send(
      tx, ComposeMail(config, new_email,
                      {.subject = "Confirm your new e-mail address",
                       .greeting_name = user.name,
                       .before = {"To make this your account's e-mail address, open this link "
                                  "within an hour."},
                       .action_label = "Confirm new e-mail address",
                       .action_url = url,
                       .after = {"If you did not ask for this, ignore this mail."}})));
  return deps.mail.Send(
      tx, ComposeMail(config, user.email,
                      {.subject = "Your e-mail address is being changed",
                       .greeting_name = user.name,
                       .before = {"Someone signed in to your account asked to change its e-mail "
                                  "address to " +
                                      new_email + ".",
                                  "Nothing changes until the new address is confirmed."},
                       .after = {"If it was not you, change your password now."}}));
}

}  // namespace

Result<http::Response> ChangeEmail(const http::Request& request, const VerificationDeps& deps) {
  const auto& sessions = deps.sessions;
  if (!sessions.config().change_email_enabled) return Fail(MakeError(kChangeEmailDisabled));
  LK_ASSIGN_OR_RETURN(auto current, sessions.RequireSession(request));
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string new_email, validation::RequireString(body, "newEmail", 320));
  LK_ASSIGN_OR_RETURN(auto callback, validation::OptionalString(body, "callbackURL", 2048));
  new_email = validation::LowerAscii(new_email);
  if (!validation::IsValidEmail(new_email)) {
    return Fail(validation::FieldError("newEmail", "Invalid email address"));
  }
  if (new_email == current.user.email) return Fail(MakeError(kEmailIsTheSame));
  LK_TRY(store::InTransaction(sessions.store(), [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto taken, users::FindUserByEmail(tx, new_email));
    // A taken address answers like a free one and mails nobody (§7.2).
    if (!taken) LK_TRY(QueueChangeMails(tx, deps, current.user, new_email, callback));
    return audit::RecordInTransaction(
        tx, sessions.clock(), request,
        {.type = "user.change_email_request",
         .outcome = taken ? audit::kFailure : audit::kSuccess,
         .user_id = current.user.id,
         .session_id = current.session.id,
         .details_json = taken ? R"({"reason":"email_taken"})" : "{}"});
  }));
  return http::Response::Json(R"({"status":true})");
}

}  // namespace latchkey::email_verification
