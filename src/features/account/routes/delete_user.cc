#include "features/account/routes/delete_user.h"

#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::account {
namespace {

constexpr ErrorInfo kSessionExpired{"SESSION_EXPIRED", ErrorKind::kInvalidArgument,
                                    "Session expired. Re-authenticate to perform this action."};
constexpr ErrorInfo kInvalidToken{"INVALID_TOKEN", ErrorKind::kNotFound, "Invalid token"};

// Either the password is right, or (without one) the session is fresh.
Result<void> CheckProof(const std::optional<std::string>& password,
                        const sessions::SessionWithUser& current,
                        const sessions::SessionService& sessions,
                        const email_password::PasswordHasher& hasher) {
  if (!password) {
    if (sessions.RequireFresh(current.session)) return {};
    return Fail(MakeError(kSessionExpired));
  }
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(sessions.store(), [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, current.user.id);
                      }));
  if (!stored) return Fail(MakeError(errors::kCredentialAccountNotFound));
  LK_ASSIGN_OR_RETURN(bool valid, hasher.Verify(*password, *stored));
  if (!valid) return Fail(MakeError(errors::kInvalidPassword));
  return {};
}

}  // namespace

Result<http::Response> DeleteUser(const http::Request& request,
                                  const sessions::SessionService& sessions,
                                  const email_password::PasswordHasher& hasher) {
  if (!sessions.config().delete_user_enabled) return http::Response::Empty(404);
  LK_ASSIGN_OR_RETURN(auto current, sessions.RequireSession(request));
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(auto password, validation::OptionalString(body, "password", 4096));
  LK_ASSIGN_OR_RETURN(auto token, validation::OptionalString(body, "token", 256));
  LK_TRY(validation::OptionalString(body, "callbackURL", 2048));
  // Confirmation tokens are only ever mailed; no mail flow issues them yet.
  if (token) return Fail(MakeError(kInvalidToken));
  if (auto proof = CheckProof(password, current, sessions, hasher); !proof) {
    if (proof.error().code == errors::kInvalidPassword.code) {
      LK_TRY(audit::RecordStandalone(sessions.store(), sessions.clock(), request,
                                     {.type = "user.delete",
                                      .outcome = audit::kFailure,
                                      .user_id = current.user.id,
                                      .session_id = current.session.id,
                                      .details_json = R"({"reason":"wrong_password"})"}));
    }
    return Fail(std::move(proof).error());
  }
  LK_TRY(store::InTransaction(sessions.store(), [&](store::Transaction& tx) -> Result<void> {
    // accounts and sessions go with the user (ON DELETE CASCADE); the audit
    // trail keeps the user id, which no longer resolves to anyone.
    LK_TRY(users::DeleteUser(tx, current.user.id));
    LK_TRY(sessions.InvalidateUser(tx, current.user.id));
    return audit::RecordInTransaction(tx, sessions.clock(), request,
                                      {.type = "user.delete",
                                       .outcome = audit::kSuccess,
                                       .user_id = current.user.id,
                                       .session_id = current.session.id});
  }));
  http::Response response = http::Response::Json(R"({"success":true,"message":"User deleted"})");
  sessions.ClearSessionCookies(response);
  return response;
}

}  // namespace latchkey::account
