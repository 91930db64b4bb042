// POST /change-password (docs/api.md).
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_password/routes/credential_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_password {
namespace {

struct ChangeInput {
  std::string current_password;
  std::string new_password;
  bool revoke_other_sessions = false;
};

Result<ChangeInput> ParseChange(const http::Request& request,
                                const EmailPasswordSettings& settings) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  ChangeInput in;
  LK_ASSIGN_OR_RETURN(in.new_password, validation::RequireString(body, "newPassword", 4096));
  LK_ASSIGN_OR_RETURN(in.current_password,
                      validation::RequireString(body, "currentPassword", 4096));
  LK_ASSIGN_OR_RETURN(auto revoke, validation::OptionalBool(body, "revokeOtherSessions"));
  in.revoke_other_sessions = revoke.value_or(false);
  // Better Auth bounds the current password too: nothing over the maximum
  // can be right, and it is not worth a hash.
  LK_TRY(validation::CheckPasswordMax(in.current_password, settings.max_password_length));
  LK_TRY(validation::CheckPasswordLength(in.new_password, settings.min_password_length,
                                         settings.max_password_length));
  return in;
}

Error RecordFailure(const http::Request& request, const CredentialDeps& deps,
                    const sessions::SessionWithUser& current) {
  auto recorded = audit::RecordStandalone(deps.services.store, deps.services.clock, request,
                                          {.type = "user.change_password",
                                           .outcome = audit::kFailure,
                                           .user_id = current.user.id,
                                           .session_id = current.session.id,
                                           .details_json = R"({"reason":"wrong_password"})"});
  if (!recorded) return std::move(recorded).error();
  return MakeError(errors::kInvalidPassword);
}

}  // namespace

Result<http::Response> ChangePassword(const http::Request& request,
                                      const sessions::SessionWithUser& current,
                                      const CredentialDeps& deps) {
  const sessions::SessionService& sessions = deps.sessions;
  LK_ASSIGN_OR_RETURN(ChangeInput in, ParseChange(request, deps.settings));
  // ASVS 2.2.1: guessing the current password counts toward the account's
  // lockout like a sign-in, and a locked account costs no hash.
  if (deps.guard) {
    LK_TRY(deps.guard->BeforePasswordCheck(request, "change-password", current.user.email));
  }
  GuardedAttempt attempt(deps.guard, request, current.user.email);
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, current.user.id);
                      }));
  if (!stored) return Fail(MakeError(errors::kCredentialAccountNotFound));
  LK_ASSIGN_OR_RETURN(bool valid, deps.hasher.Verify(in.current_password, *stored));
  attempt.Finish(current.user.id, valid);
  if (!valid) return Fail(RecordFailure(request, deps, current));
  if (deps.guard) {
    const std::string context[] = {current.user.email, current.user.name};
    LK_TRY(deps.guard->CheckNewPassword(request, in.new_password, context));
  }
  LK_ASSIGN_OR_RETURN(std::string new_hash, deps.hasher.Hash(in.new_password));

  const bool remember = !sessions.HasDontRemember(request);
  std::optional<sessions::Session> replacement;
  LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
    const TimeMs now = deps.services.clock.NowMs();
    LK_TRY(users::UpdatePasswordHash(tx, current.user.id, new_hash, now));
    if (in.revoke_other_sessions) {
      // Better Auth deletes every session, the current one too, and signs the
      // caller in afresh: a stolen cookie dies with the old password.
      LK_TRY(sessions.DeleteUserSessions(tx, current.user.id, /*keep_session_id=*/""));
      LK_ASSIGN_OR_RETURN(replacement,
                          deps.sign_in.StartSession(tx, {request, current.user, "change-password",
                                                         remember, current.session.amr}));
    }
    std::string details;
    json::ObjectWriter(details).Bool("revokedOtherSessions", in.revoke_other_sessions).Close();
    return audit::RecordInTransaction(
        tx, deps.services.clock, request,
        {.type = "user.change_password",
         .outcome = audit::kSuccess,
         .user_id = current.user.id,
         .session_id = replacement ? replacement->id : current.session.id,
         .details_json = details});
  }));
  std::string body;
  json::ObjectWriter writer(body);
  if (replacement) {
    writer.String("token", replacement->token);
  } else {
    writer.Raw("token", "null");
  }
  writer.Raw("user", users::UserJson(current.user)).Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  if (replacement) {
    LK_TRY(deps.sign_in.SetCookies({request, current.user, "change-password", remember},
                                   *replacement, response));
  }
  return response;
}

}  // namespace latchkey::email_password
