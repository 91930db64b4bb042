// POST /verify-password (docs/api.md): the signed-in user re-proves
// their password before a sensitive step in the client's own UI. Like a
// sign-in it costs a hash and a wrong guess counts toward the account's
// lockout (ASVS 2.2.1), so a stolen session cannot guess without limit.
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_password/routes/credential_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_password {
namespace {

Result<void> Record(const http::Request& request, const CredentialDeps& deps,
                    const sessions::SessionWithUser& current, bool valid) {
  return audit::RecordStandalone(
      deps.services.store, deps.services.clock, request,
      {.type = "user.verify_password",
       .outcome = valid ? audit::kSuccess : audit::kFailure,
       .user_id = current.user.id,
       .session_id = current.session.id,
       .details_json = valid ? std::string("{}") : std::string(R"({"reason":"wrong_password"})")});
}

}  // namespace

Result<std::string> VerifyPasswordInput(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  return validation::RequireString(body, "password", 4096);
}

Result<http::Response> VerifyPassword(const http::Request& request,
                                      const sessions::SessionWithUser& current,
                                      const CredentialDeps& deps) {
  // Better Auth's order: the body schema (VerifyPasswordInput, run by the
  // route table before the session), then the session, then the length.
  LK_ASSIGN_OR_RETURN(std::string password, VerifyPasswordInput(request));
  LK_TRY(validation::CheckPasswordMax(password, deps.settings.max_password_length));
  if (deps.guard) {
    LK_TRY(deps.guard->BeforePasswordCheck(request, "verify-password", current.user.email));
  }
  GuardedAttempt attempt(deps.guard, request, current.user.email);
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, current.user.id);
                      }));
  // No credential account (Better Auth answers the same): nothing to guess.
  if (!stored) return Fail(MakeError(errors::kInvalidPassword));
  LK_ASSIGN_OR_RETURN(bool valid, deps.hasher.Verify(password, *stored));
  attempt.Finish(current.user.id, valid);
  LK_TRY(Record(request, deps, current, valid));
  if (!valid) return Fail(MakeError(errors::kInvalidPassword));
  http::Response response = http::Response::Json(R"({"status":true})");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::email_password
