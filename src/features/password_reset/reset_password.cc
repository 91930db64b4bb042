// POST /reset-password: the token is checked before the (expensive) hash and
// used up atomically with the password change; every session of the user
// ends with it (ASVS 3.3.3: a reset must lock out whoever held a session),
// and so do the credentials that would outlive one: refresh-token families
// (ON DELETE CASCADE from their session) and API keys. A key minted by
// whoever held a session for a moment, or by whoever signed up with the
// owner's address first, must not keep the account after its recovery.
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/password_reset/password_reset_errors.h"
#include "features/password_reset/password_reset_feature.h"
#include "features/users/user_store.h"
#include "features/verification/verification_store.h"
#include "http/body.h"

namespace latchkey::password_reset {
namespace {

Result<std::string> ParseNewPassword(const boost::json::object& body,
                                     const email_password::EmailPasswordSettings& passwords) {
  LK_ASSIGN_OR_RETURN(std::string password, validation::RequireString(body, "newPassword", 4096));
  LK_TRY(validation::CheckPasswordLength(password, passwords.min_password_length,
                                         passwords.max_password_length));
  return password;
}

}  // namespace

Result<http::Response> ResetPassword(const http::Request& request, const ResetDeps& deps) {
  const sessions::SessionService& sessions = deps.sessions;
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string password, ParseNewPassword(body, deps.passwords));
  LK_ASSIGN_OR_RETURN(auto body_token, validation::OptionalString(body, "token", 256));
  const std::string token = body_token ? *body_token : request.QueryParam("token").value_or("");
  if (token.empty()) return Fail(MakeError(kInvalidToken));
  // A dead token costs no hash.
  LK_ASSIGN_OR_RETURN(auto live, store::InReadTransaction(deps.services.store, [&](auto& tx) {
                        return verification::PeekToken(tx, deps.services.clock, kResetPurpose,
                                                       token);
                      }));
  if (!live) return Fail(MakeError(kInvalidToken));
  if (deps.guard) LK_TRY(deps.guard->CheckNewPassword(request, password, {}));
  LK_ASSIGN_OR_RETURN(std::string hash, deps.hasher.Hash(password));
  std::string reset_user_id, reset_email;  // for the guard, after the commit
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    // Consumed here, not at the peek: of two concurrent resets only one wins.
    LK_ASSIGN_OR_RETURN(auto user_id,
                        verification::ConsumeToken(tx, deps.services.clock, kResetPurpose, token));
    if (!user_id) return Fail(MakeError(kInvalidToken));
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, *user_id));
    reset_user_id = *user_id;
    if (user) reset_email = user->email;
    const TimeMs now = deps.services.clock.NowMs();
    LK_ASSIGN_OR_RETURN(auto existing, users::FindPasswordHash(tx, *user_id));
    if (existing) {
      LK_TRY(users::UpdatePasswordHash(tx, *user_id, hash, now));
    } else {
      LK_TRY(users::CreateCredentialAccount(tx, *user_id, hash, now));
    }
    LK_ASSIGN_OR_RETURN(std::int64_t ended,
                        sessions.DeleteUserSessions(tx, *user_id, /*keep_session_id=*/""));
    std::int64_t keys_revoked = 0;
    if (deps.revoke_api_keys) {
      LK_ASSIGN_OR_RETURN(keys_revoked, deps.revoke_api_keys(tx, *user_id));
    }
    std::string details;
    json::ObjectWriter(details)
        .Int("sessionsEnded", ended)
        .Int("apiKeysRevoked", keys_revoked)
        .Close();
    return audit::RecordInTransaction(tx, deps.services.clock, request,
                                      {.type = "user.password_reset",
                                       .outcome = audit::kSuccess,
                                       .user_id = *user_id,
                                       .details_json = details});
  }));
  deps.services.activity.PasswordResetCompleted();
  // ASVS 2.2.1: the lock guarded the old password; the owner who just set a
  // new one must not stay locked out by someone else's guesses.
  if (deps.guard && !reset_email.empty()) {
    deps.guard->AfterPasswordReset(request, reset_email, reset_user_id);
  }
  http::Response response = http::Response::Json(R"({"status":true})");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::password_reset
