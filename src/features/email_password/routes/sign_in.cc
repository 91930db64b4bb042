
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_password/routes/credential_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_password {
namespace {

struct SignInInput {
  std::string email;
  std::string password;
  std::optional<std::string> callback_url;
  bool remember = true;
};

Result<SignInInput> ParseSignIn(const http::Request& request,
                                const EmailPasswordSettings& settings) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/true));
  SignInInput in;
  LK_ASSIGN_OR_RETURN(in.email, validation::RequireString(body, "email", 320));
  LK_ASSIGN_OR_RETURN(in.password, validation::RequireString(body, "password", 4096));
  LK_ASSIGN_OR_RETURN(in.callback_url, validation::OptionalString(body, "callbackURL", 2048));
  LK_ASSIGN_OR_RETURN(
      auto remember, validation::OptionalBool(body, "rememberMe", validation::IsFormBody(request)));
  in.remember = remember.value_or(true);
  in.email = validation::LowerAscii(in.email);
  if (!validation::IsValidEmail(in.email)) return Fail(MakeError(errors::kInvalidEmail));
  LK_TRY(validation::CheckPasswordMax(in.password, settings.max_password_length));
  return in;
}

struct Credential {
  users::User user;
  std::optional<std::string> password_hash;
};

Result<std::optional<Credential>> LoadCredential(store::Store& store, const std::string& email) {
  return store::InReadTransaction(
      store, [&](store::Transaction& tx) -> Result<std::optional<Credential>> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, email));
        if (!user) return std::optional<Credential>();
        LK_ASSIGN_OR_RETURN(auto hash, users::FindPasswordHash(tx, user->id));
        return std::optional<Credential>(Credential{std::move(*user), std::move(hash)});
      });
}

// One response for every way a sign-in can fail, so the caller cannot tell
// an unknown e-mail from a wrong password (ASVS 2.2.1).
Error RecordFailure(const http::Request& request, const CredentialDeps& deps,
                    const std::string& user_id, std::string_view reason) {
  std::string details;
  json::ObjectWriter(details).String("reason", reason).Close();
  auto recorded = audit::RecordStandalone(deps.services.store, deps.services.clock, request,
                                          {.type = "user.sign_in",
                                           .outcome = audit::kFailure,
                                           .user_id = user_id,
                                           .details_json = details});
  if (!recorded) return std::move(recorded).error();
  return MakeError(errors::kInvalidEmailOrPassword, std::string(reason));
}

struct Started {
  sessions::Session session;
  std::string device_id;  // for the device cookie; "" = none
  users::User user;       // with the fields features add (twoFactorEnabled, …)
};

// One transaction: the upgraded hash (if any), the new session, the device
// record (and a new-device notice) and the audit event.
Result<Started> StartSession(const http::Request& request, const CredentialDeps& deps,
                             const users::User& user, bool remember,
                             const std::optional<std::string>& rehash) {
  const Clock& clock = deps.services.clock;
  return store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<Started> {
    if (rehash) LK_TRY(users::UpdatePasswordHash(tx, user.id, *rehash, clock.NowMs()));
    LK_ASSIGN_OR_RETURN(auto created,
                        deps.sign_in.StartSession(tx, {request, user, "email", remember}));
    LK_TRY(audit::RecordInTransaction(tx, clock, request,
                                      {.type = "user.sign_in",
                                       .outcome = audit::kSuccess,
                                       .user_id = user.id,
                                       .session_id = created.id,
                                       .details_json = rehash ? R"({"rehashed":true})" : "{}"}));
    LK_ASSIGN_OR_RETURN(std::string device_id,
                        deps.devices.OnSignIn(tx, request, user, /*notify=*/true));
    users::User answered = user;
    answered.extra_fields.clear();
    LK_TRY(deps.hooks.LoadUserFields(tx, answered));
    return Started{std::move(created), std::move(device_id), std::move(answered)};
  });
}

Result<http::Response> SignInWithPassword(const http::Request& request,
                                          const CredentialDeps& deps) {
  LK_ASSIGN_OR_RETURN(SignInInput in, ParseSignIn(request, deps.settings));
  // docs/architecture.md: parse → rate limit (pipeline) → CAPTCHA → lockout → hash.
  // (An overloaded KDF pool was refused before all of it, on the I/O thread.)
  if (deps.guard) LK_TRY(deps.guard->BeforeSignIn(request, in.email));
  GuardedAttempt attempt(deps.guard, request, in.email);
  LK_ASSIGN_OR_RETURN(auto credential, LoadCredential(deps.services.store, in.email));
  const std::string user_id = credential ? credential->user.id : "";
  if (!credential || !credential->password_hash) {
    LK_TRY(deps.hasher.BurnEquivalentWork(in.password));  // 503 leaves `attempt` unfinished
    attempt.Finish(user_id, /*success=*/false);
    return Fail(
        RecordFailure(request, deps, user_id, credential ? "no_credential" : "unknown_email"));
  }
  LK_ASSIGN_OR_RETURN(const bool valid,
                      deps.hasher.Verify(in.password, *credential->password_hash));
  attempt.Finish(user_id, valid);
  if (!valid) return Fail(RecordFailure(request, deps, credential->user.id, "wrong_password"));
  // Only after the password: an unverified account is not revealed to
  // someone who does not know it.
  if (deps.settings.require_email_verification && !credential->user.email_verified) {
    Error error = RecordFailure(request, deps, credential->user.id, "email_not_verified");
    if (error.code != errors::kInvalidEmailOrPassword.code) return Fail(std::move(error));
    // sendOnSignIn: the refused (but correct) sign-in earns a fresh link.
    if (deps.settings.send_verification_on_sign_in && deps.send_verification) {
      LK_TRY(store::InTransaction(deps.services.store, [&](store::Transaction& tx) {
        return deps.send_verification(tx, credential->user, in.callback_url);
      }));
    }
    return Fail(MakeError(errors::kEmailNotVerified));
  }

  // The first factor holds: a second one (two-factor) may answer instead.
  const sessions::SignInAttempt signing_in{request, credential->user, "email", in.remember};
  LK_ASSIGN_OR_RETURN(auto instead, deps.sign_in.AfterFirstFactor(signing_in));
  if (instead) return std::move(*instead);
  // Upgrade a hash made with older parameters now that we hold the password.
  std::optional<std::string> rehash;
  if (deps.hasher.NeedsRehash(*credential->password_hash)) {
    LK_ASSIGN_OR_RETURN(rehash, deps.hasher.Hash(in.password));
  }
  const users::User& user = credential->user;
  LK_ASSIGN_OR_RETURN(Started started, StartSession(request, deps, user, in.remember, rehash));
  const sessions::Session& session = started.session;
  std::string body;
  json::ObjectWriter writer(body);
  writer.Bool("redirect", in.callback_url.has_value()).String("token", session.token);
  if (in.callback_url) writer.String("url", *in.callback_url);
  writer.Raw("user", users::UserJson(started.user)).Close();
  http::Response response = http::Response::Json(std::move(body));
  if (in.callback_url) response.AddHeader("Location", *in.callback_url);
  LK_TRY(deps.sign_in.SetCookies(signing_in, session, response));
  deps.devices.SetCookie(response, started.device_id);
  deps.sign_in.Succeeded("email");
  return response;
}

}  // namespace

Result<http::Response> SignInEmail(const http::Request& request, const CredentialDeps& deps) {
  // Every refusal counted once, whichever step refused (docs/design.md "Signing in").
  return deps.sign_in.Refused("email", SignInWithPassword(request, deps));
}

}  // namespace latchkey::email_password
