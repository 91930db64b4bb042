
#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_password/routes/credential_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::email_password {
namespace {

// Generous bounds: anything longer is an attack, not a name.
constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxEmailBytes = 320;
constexpr std::size_t kMaxPasswordBytes = 4096;
constexpr std::size_t kMaxImageBytes = 2048;

struct SignUpInput {
  std::string name;
  std::string email;
  std::string password;
  std::optional<std::string> image;
  std::optional<std::string> callback_url;
  bool remember = true;
  boost::json::object body;  // the whole body, for the fields features own (before-sign-up)
};

Result<SignUpInput> ParseSignUp(const http::Request& request,
                                const EmailPasswordSettings& settings) {
  // Better Auth's sign-up schema is an object joined with a record (its
  // additional user fields), and zod reports both for an absent body.
  static constexpr std::string_view kAbsent =
      "[body] Invalid input: expected object, received undefined; "
      "[body] Invalid input: expected record, received undefined";
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/true, kAbsent));
  SignUpInput in;
  LK_ASSIGN_OR_RETURN(in.name, validation::RequireString(body, "name", kMaxNameBytes));
  LK_ASSIGN_OR_RETURN(in.email, validation::RequireString(body, "email", kMaxEmailBytes));
  LK_ASSIGN_OR_RETURN(in.password, validation::RequireString(body, "password", kMaxPasswordBytes));
  LK_ASSIGN_OR_RETURN(in.image, validation::OptionalString(body, "image", kMaxImageBytes));
  // callbackURL is validated here (and checked against the trusted origins
  // by the origin middleware); it is used by e-mail verification links.
  LK_ASSIGN_OR_RETURN(in.callback_url, validation::OptionalString(body, "callbackURL", 2048));
  LK_ASSIGN_OR_RETURN(
      auto remember, validation::OptionalBool(body, "rememberMe", validation::IsFormBody(request)));
  in.remember = remember.value_or(true);
  in.email = validation::LowerAscii(in.email);
  in.body = std::move(body);
  // Better Auth validates the sign-up e-mail in its body schema (zod), so the
  // error is VALIDATION_ERROR here and INVALID_EMAIL on sign-in.
  if (!validation::IsValidEmail(in.email)) {
    return Fail(validation::FieldError("email", "Invalid email address"));
  }
  // zod's password schema is a non-empty string: "" is a validation error.
  if (in.password.empty()) {
    return Fail(
        validation::FieldError("password", "Too small: expected string to have >=1 characters"));
  }
  LK_TRY(validation::CheckPasswordLength(in.password, settings.min_password_length,
                                         settings.max_password_length));
  return in;
}

// Creates the user, its credential and (unless e-mail verification is
// required) its session, with the verification mail when configured, in one
// transaction. Returns the session, or nullopt when none is created.
struct SignedIn {
  sessions::Session session;
  std::string device_id;  // for the device cookie; "" = none
};

// Returns the new session, or none when e-mail verification must come first.
// Adds the fields features keep (twoFactorEnabled, …) to `user` for the answer.
Result<std::optional<SignedIn>> CreateAccount(const http::Request& request,
                                              const CredentialDeps& deps, const SignUpInput& in,
                                              users::User& user, const std::string& password_hash) {
  const EmailPasswordSettings& settings = deps.settings;
  const bool mail = deps.send_verification &&
                    (settings.send_verification_on_sign_up || settings.require_email_verification);
  return store::InTransaction(
      deps.services.store, [&](store::Transaction& tx) -> Result<std::optional<SignedIn>> {
        LK_ASSIGN_OR_RETURN(auto existing, users::FindUserByEmail(tx, user.email));
        if (existing) return Fail(MakeError(errors::kUserAlreadyExists));
        LK_TRY(users::CreateUser(tx, user));
        LK_TRY(users::CreateCredentialAccount(tx, user.id, password_hash, user.created_at));
        LK_TRY(deps.hooks.RunUserCreated(tx, user));
        // Counted once the account exists for good (docs/operations.md "Metrics").
        tx.OnCommit([&activity = deps.services.activity] { activity.SignUp("email"); });
        if (mail) LK_TRY(deps.send_verification(tx, user, in.callback_url));
        std::optional<SignedIn> signed_in;
        // Only with a session: with verification required the answer (and
        // its cookies) must not differ from the one for a taken e-mail.
        if (!settings.require_email_verification) {
          LK_ASSIGN_OR_RETURN(
              auto session, deps.sign_in.StartSession(tx, {request, user, "sign-up", in.remember}));
          // The sign-up device is the user's first: recorded, never reported.
          LK_ASSIGN_OR_RETURN(auto device_id,
                              deps.devices.OnSignIn(tx, request, user, /*notify=*/false));
          signed_in = SignedIn{std::move(session), std::move(device_id)};
        }
        LK_TRY(deps.hooks.LoadUserFields(tx, user));
        LK_TRY(audit::RecordInTransaction(tx, deps.services.clock, request,
                                          {.type = "user.sign_up",
                                           .outcome = audit::kSuccess,
                                           .user_id = user.id,
                                           .session_id = signed_in ? signed_in->session.id : ""}));
        return signed_in;
      });
}

// pwned_policy = warn: a breached password is accepted and the answer says
// so ("passwordWarning"), for the app to advise a change.
http::Response SignUpResponse(const std::optional<SignedIn>& signed_in, const users::User& user,
                              const PasswordWarning& warning) {
  std::string body;
  json::ObjectWriter writer(body);
  if (signed_in) {
    writer.String("token", signed_in->session.token);
  } else {
    writer.Raw("token", "null");
  }
  writer.Raw("user", users::UserJson(user));
  if (warning.breached) writer.String("passwordWarning", "PASSWORD_COMPROMISED");
  writer.Close();
  return http::Response::Json(std::move(body));
}

}  // namespace

Result<http::Response> SignUpEmail(const http::Request& request, const CredentialDeps& deps) {
  const EmailPasswordSettings& settings = deps.settings;
  const Clock& clock = deps.services.clock;
  LK_ASSIGN_OR_RETURN(SignUpInput in, ParseSignUp(request, settings));
  LK_TRY(deps.hooks.RunBeforeSignUp({request, in.body, in.email, in.name}));
  PasswordWarning warning;
  if (deps.guard) {
    LK_TRY(deps.guard->BeforeSignUp(request));
    const std::string context[] = {in.email, in.name};
    LK_ASSIGN_OR_RETURN(warning, deps.guard->CheckNewPassword(request, in.password, context));
  }
  // Hash before looking the e-mail up, so "already exists" costs the same
  // time as a successful sign-up (ASVS 2.2.1, no enumeration by timing).
  LK_ASSIGN_OR_RETURN(std::string password_hash, deps.hasher.Hash(in.password));
  users::User user;
  user.id = crypto::RandomAlnum(32);
  user.name = in.name;
  user.email = in.email;
  user.image = in.image;
  user.created_at = user.updated_at = clock.NowMs();

  auto created = CreateAccount(request, deps, in, user, password_hash);
  if (!created) {
    Error error = std::move(created).error();
    // A concurrent sign-up with the same e-mail loses on the unique index.
    if (error.code == "STORE_CONFLICT") error = MakeError(errors::kUserAlreadyExists);
    if (error.code != errors::kUserAlreadyExists.code) return Fail(std::move(error));
    LK_TRY(audit::RecordStandalone(deps.services.store, clock, request,
                                   {.type = "user.sign_up",
                                    .outcome = audit::kFailure,
                                    .details_json = R"({"reason":"email_taken"})"}));
    // With verification required, sign-up never says the e-mail is taken:
    // the answer is the same as for a new account (Better Auth; docs/api.md,
    // "Answers that do not reveal accounts").
    if (settings.require_email_verification) {
      // The fields a new account would have (none of the features' rows exist).
      user.extra_fields.clear();
      LK_TRY(store::InReadTransaction(deps.services.store, [&](store::Transaction& tx) {
        return deps.hooks.LoadUserFields(tx, user);
      }));
      return SignUpResponse(std::nullopt, user, warning);
    }
    return Fail(std::move(error));
  }
  http::Response response = SignUpResponse(*created, user, warning);
  if (*created) {
    LK_TRY(deps.sign_in.SetCookies({request, user, "sign-up", in.remember}, (*created)->session,
                                   response));
    deps.devices.SetCookie(response, (*created)->device_id);
  }
  return response;
}

}  // namespace latchkey::email_password
