// POST /change-email (docs/api.md, docs/api.md). The caller proves
// they are the owner (the current password, or a fresh session), then:
// - a verified user's old address approves first (Better Auth's
//   "change-email-confirmation" link); following it mails the new address a
//   "change-email-verification" link, and following that switches the e-mail;
// - an unverified user's new address gets the verification link at once (the
//   old one, never proven, only gets a notice).
// Every link is bound to the asking session and the password of the moment
// (EmailClaims::session_id, ::credential): signing that session out,
// revoking it, or changing the password kills the links (change_email_link.cc).
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_errors.h"
#include "features/email_verification/email_verification_feature.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_verification {
namespace {

// The current password, or without one a session younger than
// session_fresh_age. A password check counts toward the account lockout like
// a sign-in. Errors: SESSION_NOT_FRESH (403), INVALID_PASSWORD,
// CREDENTIAL_ACCOUNT_NOT_FOUND (400), the guard's 429/403, 503.
Result<void> CheckProof(const http::Request& request, const VerificationDeps& deps,
                        const sessions::SessionWithUser& current,
                        const std::optional<std::string>& password) {
  const auto& sessions = deps.sessions;
  if (!password) return sessions.RequireFresh(current.session);
  if (!deps.hasher) return Fail(MakeError(errors::kInvalidPassword));
  const std::string& email = current.user.email;
  if (deps.guard) LK_TRY(deps.guard->BeforeSignIn(request, email));
  auto stored = store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
    return users::FindPasswordHash(tx, current.user.id);
  });
  // Each early return below never checked a password: it does not count.
  if (!stored || !*stored) {
    if (deps.guard) deps.guard->AbortSignIn(request, email);
    if (!stored) return Fail(std::move(stored).error());
    return Fail(MakeError(errors::kCredentialAccountNotFound));
  }
  auto valid = deps.hasher->Verify(*password, **stored);
  if (!valid) {
    if (deps.guard) deps.guard->AbortSignIn(request, email);
    return Fail(std::move(valid).error());
  }
  if (deps.guard) deps.guard->AfterSignIn(request, email, current.user.id, *valid);
  if (*valid) return {};
  LK_TRY(audit::RecordStandalone(deps.services.store, deps.services.clock, request,
                                 {.type = "user.change_email_request",
                                  .outcome = audit::kFailure,
                                  .user_id = current.user.id,
                                  .session_id = current.session.id,
                                  .details_json = R"({"reason":"wrong_password"})"}));
  return Fail(MakeError(errors::kInvalidPassword));
}

// The first mail of a verified user's change: the old address approves.
Result<void> QueueApprovalMail(store::Transaction& tx, const VerificationDeps& deps,
                               const users::User& user, const EmailClaims& claims,
                               const std::optional<std::string>& callback_url) {
  const Config& config = deps.services.config;
  const std::string url =
      MailLink(config, "/api/auth/verify-email?token=" + SignEmailToken(config.secret, claims),
               callback_url);
  return deps.mail.Send(
      tx,
      ComposeMail(config, user.email,
                  {.subject = "Approve the change of your e-mail address",
                   .greeting_name = user.name,
                   .before = {"Someone signed in to your account asked to change its e-mail "
                              "address to " +
                                  claims.update_to + ".",
                              "To approve, open this link within an hour; a confirmation link "
                              "then goes to the new address. Nothing changes before that."},
                   .action_label = "Approve the new e-mail address",
                   .action_url = url,
                   .after = {"If it was not you, do not open the link, and change your password "
                             "now: that also cancels the request."}}));
}

// An unverified user's change: the link goes to the new address at once and
// the old one is told.
Result<void> QueueUnverifiedChangeMails(store::Transaction& tx, const VerificationDeps& deps,
                                        const users::User& user, const EmailClaims& claims,
                                        const std::optional<std::string>& callback_url) {
  const Config& config = deps.services.config;
  LK_TRY(QueueNewAddressMail(tx, deps, user, claims, callback_url));
  return deps.mail.Send(
      tx, ComposeMail(config, user.email,
                      {.subject = "Your e-mail address is being changed",
                       .greeting_name = user.name,
                       .before = {"Someone signed in to your account asked to change its e-mail "
                                  "address to " +
                                      claims.update_to + ".",
                                  "Nothing changes until the new address is confirmed."},
                       .after = {"If it was not you, change your password now: that also "
                                 "cancels the request."}}));
}

}  // namespace

Result<void> QueueNewAddressMail(store::Transaction& tx, const VerificationDeps& deps,
                                 const users::User& user, EmailClaims claims,
                                 const std::optional<std::string>& callback_url) {
  const Config& config = deps.services.config;
  claims.request_type = std::string(kChangeEmailVerification);
  const std::string url =
      MailLink(config, "/api/auth/verify-email?token=" + SignEmailToken(config.secret, claims),
               callback_url);
  return deps.mail.Send(
      tx, ComposeMail(config, claims.update_to,
                      {.subject = "Confirm your new e-mail address",
                       .greeting_name = user.name,
                       .before = {"To make this your account's e-mail address, open this link "
                                  "within an hour."},
                       .action_label = "Confirm new e-mail address",
                       .action_url = url,
                       .after = {"If you did not ask for this, ignore this mail."}}));
}

Result<void> CheckChangeEmailEnabled(const VerificationDeps& deps) {
  if (!deps.settings.change_email_enabled) return Fail(MakeError(kChangeEmailDisabled));
  return {};
}

Result<http::Response> ChangeEmail(const http::Request& request,
                                   const sessions::SessionWithUser& current,
                                   const VerificationDeps& deps) {
  LK_TRY(CheckChangeEmailEnabled(deps));
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string new_email, validation::RequireString(body, "newEmail", 320));
  LK_ASSIGN_OR_RETURN(auto callback, validation::OptionalString(body, "callbackURL", 2048));
  LK_ASSIGN_OR_RETURN(auto password, validation::OptionalString(body, "password", 4096));
  new_email = validation::LowerAscii(new_email);
  if (!validation::IsValidEmail(new_email)) {
    return Fail(validation::FieldError("newEmail", "Invalid email address"));
  }
  if (new_email == current.user.email) return Fail(MakeError(kEmailIsTheSame));
  LK_TRY(CheckProof(request, deps, current, password));
  const users::User& user = current.user;
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto taken, users::FindUserByEmail(tx, new_email));
    // A taken address answers like a free one and mails nobody (docs/api.md, "Answers that do
    // not reveal accounts").
    if (!taken) {
      LK_ASSIGN_OR_RETURN(auto password_hash, users::FindPasswordHash(tx, user.id));
      const std::int64_t now_s = deps.services.clock.NowMs() / 1000;
      EmailClaims claims{.email = user.email,
                         .user_id = user.id,
                         .iat = now_s,
                         .exp = now_s + kEmailTokenLifetimeS,
                         .update_to = new_email,
                         .request_type = std::string(kChangeEmailConfirmation),
                         .session_id = current.session.id,
                         .credential = CredentialBinding(deps.services.config.secret, user.id,
                                                         password_hash.value_or(""))};
      if (user.email_verified) {
        LK_TRY(QueueApprovalMail(tx, deps, user, claims, callback));
      } else {
        LK_TRY(QueueUnverifiedChangeMails(tx, deps, user, claims, callback));
      }
    }
    return audit::RecordInTransaction(
        tx, deps.services.clock, request,
        {.type = "user.change_email_request",
         .outcome = taken ? audit::kFailure : audit::kSuccess,
         .user_id = user.id,
         .session_id = current.session.id,
         .details_json = taken ? R"({"reason":"email_taken"})"
                               : (user.email_verified ? R"({"step":"approval"})"
                                                      : R"({"step":"verification"})")});
  }));
  return http::Response::Json(R"({"status":true})");
}

}  // namespace latchkey::email_verification
