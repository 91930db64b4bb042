// POST /send-verification-email and GET /verify-email.
#include "core/json_writer.h"
#include "crypto/keyring.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_errors.h"
#include "features/email_verification/email_verification_feature.h"
#include "features/users/user_store.h"
#include "http/body.h"
#include "http/error_mapping.h"

namespace latchkey::email_verification {
namespace {

// With a session the caller asks for their own address; without one the
// answer never says whether the e-mail is registered (ASVS 2.2.1).
Result<void> Send(const http::Request& request, const VerificationDeps& deps,
                  const std::string& email, const std::optional<std::string>& callback) {
  const auto& sessions = deps.sessions;
  std::optional<sessions::SessionWithUser> current;
  if (auto token = sessions.TokenFromRequest(request)) {
    LK_ASSIGN_OR_RETURN(current, sessions.Resolve(*token));
  }
  if (current && current->user.email != email) return Fail(MakeError(kEmailMismatch));
  if (current && current->user.email_verified) return Fail(MakeError(kAlreadyVerified));
  return store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, email));
    const bool send = user && !user->email_verified;
    if (send) LK_TRY(QueueVerificationMail(tx, deps, *user, callback));
    return audit::RecordInTransaction(
        tx, deps.services.clock, request,
        {.type = "user.verification_email",
         .outcome = send ? audit::kSuccess : audit::kFailure,
         .user_id = user ? user->id : "",
         .details_json = send ? "{}" : R"({"reason":"unknown_or_verified"})"});
  });
}

}  // namespace

Result<http::Response> RefuseLink(const std::string& callback, const ErrorInfo& info) {
  if (callback.empty()) return Fail(MakeError(info));
  std::string location = callback;
  location += location.find('?') == std::string::npos ? "?error=" : "&error=";
  location += info.code;
  return http::Response::Redirect(std::move(location));
}

Result<http::Response> SendVerificationEmail(const http::Request& request,
                                             const VerificationDeps& deps) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string email, validation::RequireString(body, "email", 320));
  LK_ASSIGN_OR_RETURN(auto callback, validation::OptionalString(body, "callbackURL", 2048));
  email = validation::LowerAscii(email);
  if (!validation::IsValidEmail(email)) {
    return Fail(validation::FieldError("email", "Invalid email address"));
  }
  if (deps.guard) LK_TRY(deps.guard->LimitAccount(request, "send-verification-email", email));
  LK_TRY(Send(request, deps, email, callback));
  return http::Response::Json(R"({"status":true})");
}

Result<http::Response> VerifyEmail(const http::Request& request, const VerificationDeps& deps) {
  const auto& sessions = deps.sessions;
  // Better Auth validates the query first: a missing token is a 400 even
  // with an untrusted callbackURL (an empty one is only an invalid token).
  const auto query_token = request.QueryParam("token");
  if (!query_token) {
    Error error = validation::FieldError("token", "");
    error.wire_message = "[query.token] Invalid input: expected string, received undefined";
    return Fail(std::move(error));
  }
  const std::string callback = request.QueryParam("callbackURL").value_or("");
  // GET routes check their callbackURL themselves (docs/api.md, "Redirects and callback URLs").
  if (!callback.empty() && !deps.trusted.IsTrustedRedirect(callback)) {
    return Fail(MakeError(errors::kInvalidCallbackUrl));
  }
  const Config& config = deps.services.config;
  auto claims = VerifyEmailToken(crypto::Keyring(config.secret, config.previous_secrets).secrets(),
                                 *query_token, deps.services.clock.NowMs() / 1000);
  if (!claims) {
    return RefuseLink(callback,
                      claims.error().code == kTokenExpired.code ? kTokenExpired : kInvalidToken);
  }
  if (!claims->update_to.empty()) return FollowChangeEmailLink(request, deps, *claims, callback);
  // With autoSignInAfterVerification the link signs its reader in, unless
  // they are already signed in as this user (then the cookies are re-set).
  std::optional<sessions::SessionWithUser> current;
  if (deps.settings.auto_sign_in_after_verification) {
    if (auto token = sessions.TokenFromRequest(request)) {
      LK_ASSIGN_OR_RETURN(current, sessions.Resolve(*token));
    }
    if (current && current->user.email != claims->email) current.reset();
  }
  std::optional<users::User> user;
  std::optional<sessions::Session> started;
  bool cross_user = false;
  bool verified_now = false;
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(user, users::FindUserByEmail(tx, claims->email));
    // A link made for an account that has since been deleted must not
    // verify a new account that took its address.
    if (user && !claims->user_id.empty() && claims->user_id != user->id) {
      cross_user = true;
      return {};
    }
    if (!user || user->email_verified) return {};
    const TimeMs now = deps.services.clock.NowMs();
    LK_TRY(users::MarkEmailVerified(tx, user->id, now));
    LK_TRY(sessions.InvalidateUser(tx, user->id));
    user->email_verified = verified_now = true;
    LK_TRY(audit::RecordInTransaction(
        tx, deps.services.clock, request,
        {.type = "user.email_verified", .outcome = audit::kSuccess, .user_id = user->id}));
    return {};
  }));
  if (verified_now) deps.services.activity.EmailVerified();
  if (!user) return RefuseLink(callback, kUserNotFound);
  if (cross_user) return RefuseLink(callback, kInvalidToken);
  // The link is a first factor: sign in through the common path, unless a
  // second factor is due (the hook's answer is then dropped: the user signs
  // in with their password and second factor as usual).
  const sessions::SignInAttempt signing_in{request, *user, "email-verification", true};
  if (verified_now && deps.settings.auto_sign_in_after_verification && !current) {
    LK_ASSIGN_OR_RETURN(auto instead, deps.sign_in->AfterFirstFactor(signing_in));
    if (!instead) {
      LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(started, deps.sign_in->StartSession(tx, signing_in));
        return audit::RecordInTransaction(tx, deps.services.clock, request,
                                          {.type = "user.sign_in",
                                           .outcome = audit::kSuccess,
                                           .user_id = user->id,
                                           .session_id = started->id,
                                           .details_json = R"({"method":"email_verification"})"});
      }));
    }
  }
  http::Response response = callback.empty()
                                ? http::Response::Json(R"({"status":true,"user":null})")
                                : http::Response::Redirect(callback);
  if (started) {
    LK_TRY(deps.sign_in->SetCookies(signing_in, *started, response));
  } else if (current && verified_now) {  // refresh the cached user in session_data
    sessions.SetSessionCookies(response, current->session.token,
                               !sessions.HasDontRemember(request));
  }
  return response;
}

}  // namespace latchkey::email_verification
