#include "features/account/routes/delete_user.h"

#include "features/account/account_errors.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "features/verification/verification_store.h"
#include "http/body.h"

namespace latchkey::account {
namespace {

// Either the password is right, or (without one) the session is fresh. A
// password guess counts toward the account's lockout (ASVS 2.2.1).
Result<void> CheckProof(const http::Request& request, const std::optional<std::string>& password,
                        const sessions::SessionWithUser& current, const DeleteDeps& deps) {
  const sessions::SessionService& sessions = deps.sessions;
  if (!password) {
    if (sessions.RequireFresh(current.session)) return {};
    return Fail(MakeError(kSessionExpired));
  }
  if (deps.guard)
    LK_TRY(deps.guard->BeforePasswordCheck(request, "delete-user", current.user.email));
  GuardedAttempt attempt(deps.guard, request, current.user.email);
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, current.user.id);
                      }));
  if (!stored) return Fail(MakeError(errors::kCredentialAccountNotFound));
  LK_ASSIGN_OR_RETURN(bool valid, deps.hasher.Verify(*password, *stored));
  attempt.Finish(current.user.id, valid);
  if (!valid) return Fail(MakeError(errors::kInvalidPassword));
  return {};
}

constexpr std::string_view kPurpose = "delete-account";
constexpr TimeMs kLinkLifetimeMs = TimeMs{86400} * 1000;  // Better Auth: 1 day

// Deletes the user and everything they own in one transaction; with a
// confirmation token, that token is used up in the same transaction and must
// belong to this user.
Result<void> DeleteAccount(const http::Request& request, const DeleteDeps& deps,
                           const sessions::SessionWithUser& current,
                           const std::optional<std::string>& token) {
  const sessions::SessionService& sessions = deps.sessions;
  return store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    if (token) {
      LK_ASSIGN_OR_RETURN(auto owner,
                          verification::ConsumeToken(tx, deps.services.clock, kPurpose, *token));
      if (!owner || *owner != current.user.id) return Fail(MakeError(kInvalidToken));
    }
    // accounts, sessions and tokens go with the user (ON DELETE CASCADE); the
    // audit trail keeps the user id, which no longer resolves to anyone.
    if (deps.hooks) LK_TRY(deps.hooks->RunUserDeleted(tx, current.user));
    LK_TRY(users::DeleteUser(tx, current.user.id));
    LK_TRY(sessions.InvalidateUser(tx, current.user.id));
    return audit::RecordInTransaction(tx, deps.services.clock, request,
                                      {.type = "user.delete",
                                       .outcome = audit::kSuccess,
                                       .user_id = current.user.id,
                                       .session_id = current.session.id});
  });
}

Result<http::Response> MailConfirmation(const DeleteDeps& deps,
                                        const sessions::SessionWithUser& current,
                                        const std::optional<std::string>& callback) {
  const Config& config = deps.services.config;
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(verification::DeleteUserTokens(tx, kPurpose, current.user.id));
    LK_ASSIGN_OR_RETURN(std::string token,
                        verification::CreateToken(tx, deps.services.clock, kPurpose,
                                                  current.user.id, kLinkLifetimeMs, 32));
    const std::string url =
        MailLink(config, "/api/auth/delete-user/callback?token=" + token, callback);
    return deps.mail.Send(
        tx, ComposeMail(config, current.user.email,
                        {.subject = "Confirm the deletion of your account",
                         .greeting_name = current.user.name,
                         .before = {"To delete your account and everything in it, open this link "
                                    "within a day, in the browser where you are signed in."},
                         .action_label = "Delete my account",
                         .action_url = url,
                         .after = {"If you did not ask for this, change your password now: "
                                   "someone else may be signed in to your account."}}));
  }));
  return http::Response::Json(R"({"success":true,"message":"Verification email sent"})");
}

http::Response Deleted(const sessions::SessionService& sessions) {
  http::Response response = http::Response::Json(R"({"success":true,"message":"User deleted"})");
  sessions.ClearSessionCookies(response);
  return response;
}

}  // namespace

const ErrorInfo& kDeleteCallbackNoUser = kNoUserInfo;

Result<http::Response> DeleteUser(const http::Request& request,
                                  const sessions::SessionWithUser& current,
                                  const DeleteDeps& deps) {
  const sessions::SessionService& sessions = deps.sessions;
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(auto password, validation::OptionalString(body, "password", 4096));
  LK_ASSIGN_OR_RETURN(auto token, validation::OptionalString(body, "token", 256));
  LK_ASSIGN_OR_RETURN(auto callback, validation::OptionalString(body, "callbackURL", 2048));
  if (token) {  // the mailed link's token is the proof
    LK_TRY(DeleteAccount(request, deps, current, token));
    return Deleted(sessions);
  }
  if (auto proof = CheckProof(request, password, current, deps); !proof) {
    if (proof.error().code == errors::kInvalidPassword.code) {
      LK_TRY(audit::RecordStandalone(deps.services.store, deps.services.clock, request,
                                     {.type = "user.delete",
                                      .outcome = audit::kFailure,
                                      .user_id = current.user.id,
                                      .session_id = current.session.id,
                                      .details_json = R"({"reason":"wrong_password"})"}));
    }
    return Fail(std::move(proof).error());
  }
  if (deps.settings.delete_user_confirm_by_mail) return MailConfirmation(deps, current, callback);
  LK_TRY(DeleteAccount(request, deps, current, std::nullopt));
  return Deleted(sessions);
}

Result<void> CheckDeleteCallbackUrl(const http::Request& request, const DeleteDeps& deps) {
  const std::string callback = request.QueryParam("callbackURL").value_or("");
  // GET routes check their callbackURL themselves (docs/api.md, "Redirects and callback URLs").
  if (!callback.empty() && !deps.trusted.IsTrustedRedirect(callback)) {
    return Fail(MakeError(errors::kInvalidCallbackUrl));
  }
  return {};
}

Result<http::Response> DeleteUserCallback(const http::Request& request,
                                          const sessions::SessionWithUser& current,
                                          const DeleteDeps& deps) {
  const sessions::SessionService& sessions = deps.sessions;
  LK_TRY(CheckDeleteCallbackUrl(request, deps));
  const std::string callback = request.QueryParam("callbackURL").value_or("");
  LK_TRY(DeleteAccount(request, deps, current, request.QueryParam("token").value_or("")));
  if (callback.empty()) return Deleted(sessions);
  http::Response response = http::Response::Redirect(callback);
  sessions.ClearSessionCookies(response);
  return response;
}

}  // namespace latchkey::account
