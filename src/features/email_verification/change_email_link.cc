// GET /verify-email with a change-email token (docs/api.md), Better
// Auth 1.7's two steps: "change-email-confirmation" (the old address approved)
// mails the new address its "change-email-verification" link; following that
// one switches the e-mail, keeps emailVerified as it was (Better Auth's rule),
// and re-sets the reader's session cookie when they are signed in.
// Both links also carry latchkey's binding (the asking session, the password
// of the moment): a link outlives neither, which Better Auth's links do.
#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "features/audit/audit.h"
#include "features/email_verification/email_token.h"
#include "features/email_verification/email_verification_errors.h"
#include "features/email_verification/email_verification_feature.h"
#include "features/users/user_store.h"

namespace latchkey::email_verification {
namespace {

// Whether the link is still bound to what made it: the asking session is
// live and the user's, and the password is the one it was made under.
Result<bool> StillBound(store::Transaction& tx, const VerificationDeps& deps,
                        const EmailClaims& claims) {
  const sessions::SessionService& sessions = deps.sessions;
  if (claims.session_id.empty() || claims.credential.empty()) return false;
  LK_ASSIGN_OR_RETURN(auto session, sessions.FindLiveSession(tx, claims.session_id));
  if (!session || session->user_id != claims.user_id) return false;
  LK_ASSIGN_OR_RETURN(auto password_hash, users::FindPasswordHash(tx, claims.user_id));
  return crypto::ConstantTimeEquals(
      CredentialBinding(deps.services.config.secret, claims.user_id, password_hash.value_or("")),
      claims.credential);
}

}  // namespace

Result<http::Response> FollowChangeEmailLink(const http::Request& request,
                                             const VerificationDeps& deps,
                                             const EmailClaims& claims,
                                             const std::string& callback) {
  const auto& sessions = deps.sessions;
  const bool approval = claims.request_type == kChangeEmailConfirmation;
  // latchkey only makes these two kinds; Better Auth's legacy untyped link
  // (which switches at once, unverified) is refused.
  if (claims.user_id.empty() || (!approval && claims.request_type != kChangeEmailVerification)) {
    return RefuseLink(callback, kInvalidToken);
  }
  std::optional<sessions::SessionWithUser> reader;
  if (auto token = sessions.TokenFromRequest(request)) {
    LK_ASSIGN_OR_RETURN(reader, sessions.Resolve(*token));
  }
  if (approval && deps.guard) {  // the new address's mail budget
    LK_TRY(deps.guard->LimitAccount(request, "change-email", claims.update_to));
  }
  const ErrorInfo* refusal = nullptr;
  std::optional<users::User> user;
  auto done =
      store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
        refusal = nullptr;
        LK_ASSIGN_OR_RETURN(user, users::FindUserById(tx, claims.user_id));
        if (!user) {
          refusal = &kUserNotFound;
          return {};
        }
        // The account must still have the address the link was made for.
        if (user->email != claims.email) refusal = &kInvalidToken;
        if (!refusal && reader && reader->user.id != user->id) refusal = &kInvalidUser;
        if (!refusal) {
          LK_ASSIGN_OR_RETURN(bool bound, StillBound(tx, deps, claims));
          if (!bound) refusal = &kInvalidToken;
        }
        if (refusal) return {};
        LK_ASSIGN_OR_RETURN(auto taken, users::FindUserByEmail(tx, claims.update_to));
        std::string details;
        json::ObjectWriter(details).String("from", claims.email).Close();
        if (approval) {
          // A taken address answers the same and mails nobody, as at the request.
          if (!taken) {
            EmailClaims next = claims;  // a new hour for the new address
            next.iat = deps.services.clock.NowMs() / 1000;
            next.exp = next.iat + kEmailTokenLifetimeS;
            LK_TRY(QueueNewAddressMail(tx, deps, *user, next,
                                       callback.empty() ? std::nullopt : std::optional(callback)));
          }
          return audit::RecordInTransaction(
              tx, deps.services.clock, request,
              {.type = "user.change_email_approved",
               .outcome = taken ? audit::kFailure : audit::kSuccess,
               .user_id = user->id,
               .session_id = claims.session_id,
               .details_json = taken ? R"({"reason":"email_taken"})" : details});
        }
        if (taken) {
          refusal = &kInvalidToken;
          return {};
        }
        const TimeMs now = deps.services.clock.NowMs();
        LK_TRY(users::UpdateUserEmail(tx, user->id, claims.update_to, now));
        LK_TRY(sessions.InvalidateUser(tx, user->id));
        user->email = claims.update_to;
        user->updated_at = now;
        return audit::RecordInTransaction(tx, deps.services.clock, request,
                                          {.type = "user.change_email",
                                           .outcome = audit::kSuccess,
                                           .user_id = user->id,
                                           .session_id = claims.session_id,
                                           .details_json = details});
      });
  // A concurrent change that took the address loses on the unique index.
  if (!done && done.error().code == "STORE_CONFLICT") refusal = &kInvalidToken;
  if (refusal) return RefuseLink(callback, *refusal);
  if (!done) return Fail(std::move(done).error());
  http::Response response = callback.empty() ? http::Response::Json(R"({"status":true})")
                                             : http::Response::Redirect(callback);
  if (approval) return response;
  if (callback.empty()) {
    std::string body;
    json::ObjectWriter(body).Bool("status", true).Raw("user", users::UserJson(*user)).Close();
    response = http::Response::Json(std::move(body));
  }
  // The signed-in reader's cookie is re-set, as Better Auth does.
  if (reader) {
    sessions.SetSessionCookies(response, reader->session.token, !sessions.HasDontRemember(request));
  }
  return response;
}

}  // namespace latchkey::email_verification
