// generate-authenticate-options and verify-authentication (docs/api.md
// "Passkeys"; WebAuthn L2 §5.5 and §7.2). A verified assertion is a first
// factor: the sign-in goes through the common path (sessions::SignInFlow),
// so two-factor applies as it does after a password.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/passkeys/passkey_errors.h"
#include "features/passkeys/routes/passkey_routes.h"
#include "features/passkeys/routes/webauthn_json.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::passkeys {
namespace {

// The e-mail a sign-in names (query, or a JSON body on POST), lower-cased.
Result<std::optional<std::string>> AskedEmail(const http::Request& request) {
  std::optional<std::string> email = request.QueryParam("email");
  if (!email && request.method == http::Method::kPost && !request.body.empty()) {
    LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
    LK_ASSIGN_OR_RETURN(email, validation::OptionalString(body, "email", 320));
  }
  if (email) email = validation::LowerAscii(*email);
  return email;
}

// An unknown e-mail gets one credential id that looks like a real one and
// stays the same, so the answer does not say whether the account exists.
Passkey DecoyFor(const PasskeyService& service, const std::string& email) {
  Passkey decoy;
  decoy.credential_id = crypto::Base64UrlEncode(
      crypto::HmacSha256(service.deps().services.config.secret, "passkey-decoy\n" + email));
  decoy.transports = "internal,hybrid";
  return decoy;
}

Result<void> AuditFailure(const http::Request& request, const PasskeyService& service,
                          const std::string& user_id, std::string_view reason) {
  std::string details;
  json::ObjectWriter(details).String("method", "passkey").String("reason", reason).Close();
  return audit::RecordStandalone(service.deps().services.store, service.deps().services.clock,
                                 request,
                                 {.type = "user.sign_in",
                                  .outcome = audit::kFailure,
                                  .user_id = user_id,
                                  .details_json = details});
}

}  // namespace

Result<http::Response> AuthenticateOptions(const http::Request& request,
                                           const PasskeyService& service,
                                           const platform::RouteTable& routes) {
  LK_ASSIGN_OR_RETURN(auto email, AskedEmail(request));
  std::string user_id;
  std::vector<Passkey> allowed;
  store::Store& store = service.deps().services.store;
  if (email) {
    LK_TRY(store::InReadTransaction(store, [&](store::Transaction& tx) -> Result<void> {
      LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, *email));
      if (!user) return {};
      user_id = user->id;
      LK_ASSIGN_OR_RETURN(allowed, passkey_store::ListByUser(tx, user->id));
      return {};
    }));
    if (allowed.empty()) allowed.push_back(DecoyFor(service, *email));
  } else if (auto principal = routes.Resolve(request, kAuthenticateOptionsGetRoute);
             principal && *principal) {
    // Signed in already (re-authentication): the user's own credentials.
    user_id = (*principal)->user().id;
    LK_ASSIGN_OR_RETURN(allowed, store::InReadTransaction(store, [&](store::Transaction& tx) {
                          return passkey_store::ListByUser(tx, user_id);
                        }));
  }
  const std::string challenge = crypto::Base64UrlEncode(crypto::RandomBytes(32));
  std::string body;
  json::ObjectWriter writer(body);
  writer.String("rpId", service.rp().rp_id).String("challenge", challenge);
  if (email || !user_id.empty()) writer.Raw("allowCredentials", AllowList(allowed));
  writer.Int("timeout", kTimeoutMs)
      .String("userVerification", service.settings().passkey_user_verification)
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  LK_TRY(service.BeginCeremony(
      {.kind = "authentication", .challenge = challenge, .user_id = user_id}, response));
  return response;
}

Result<http::Response> VerifyAuthentication(const http::Request& request,
                                            const PasskeyService& service) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(AuthenticationJson in, ParseAuthenticationJson(body));
  LK_ASSIGN_OR_RETURN(CeremonyChallenge ceremony, service.TakeCeremony(request, "authentication"));
  store::Store& store = service.deps().services.store;
  std::optional<Passkey> passkey;
  std::optional<users::User> user;
  LK_TRY(store::InReadTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(passkey,
                        passkey_store::FindByCredentialId(tx, crypto::Base64UrlEncode(in.raw_id)));
    if (!passkey) return {};
    LK_ASSIGN_OR_RETURN(user, users::FindUserById(tx, passkey->user_id));
    return {};
  }));
  // A ceremony begun for one account answers only with its credentials.
  if (!passkey || !user || (!ceremony.user_id.empty() && ceremony.user_id != passkey->user_id)) {
    LK_TRY(AuditFailure(request, service, "", "unknown_credential"));
    return Fail(MakeError(errors::kPasskeyNotFound));
  }
  // WebAuthn L2 §7.2 step 6: a userHandle must name the credential's owner.
  if (!in.user_handle.empty() && passkey->user_handle &&
      !crypto::ConstantTimeEquals(crypto::Base64UrlEncode(in.user_handle), *passkey->user_handle)) {
    LK_TRY(AuditFailure(request, service, user->id, "user_handle_mismatch"));
    return Fail(MakeError(errors::kAuthenticationFailed, "user handle mismatch"));
  }
  auto public_key = crypto::Base64Decode(passkey->public_key);
  if (!public_key) return Fail(InternalError("stored passkey public key is not base64"));
  auto verified = crypto::webauthn::VerifyAuthentication(
      service.rp(), {.credential_id = in.raw_id,
                     .client_data_json = in.client_data_json,
                     .authenticator_data = in.authenticator_data,
                     .signature = in.signature,
                     .user_handle = in.user_handle,
                     .expected_challenge = ceremony.challenge,
                     .public_key = *public_key,
                     .stored_sign_count = static_cast<std::uint32_t>(passkey->counter)});
  if (!verified) {
    LK_TRY(AuditFailure(request, service, user->id, verified.error().code));
    const bool bad_signature = verified.error().code == "WEBAUTHN_BAD_SIGNATURE";
    return Fail(
        MakeError(bad_signature ? errors::kAuthenticationFailed : errors::kAuthenticationInvalid,
                  std::string(verified.error().code)));
  }
  const bool refuse_regression = service.settings().passkey_counter_regression != "flag";
  LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    if (verified->counter_regressed) {
      // A cloned authenticator is the usual cause (WebAuthn L2 §6.1.1).
      std::string details;
      json::ObjectWriter(details)
          .String("passkey_id", passkey->id)
          .Int("stored", passkey->counter)
          .Int("presented", verified->sign_count)
          .Bool("refused", refuse_regression)
          .Close();
      LK_TRY(audit::RecordInTransaction(tx, service.deps().services.clock, request,
                                        {.type = "passkey.counter_regressed",
                                         .outcome = audit::kFailure,
                                         .user_id = user->id,
                                         .details_json = details}));
      if (refuse_regression) return {};
    }
    return passkey_store::RecordUse(tx, passkey->id, verified->sign_count, verified->backed_up,
                                    service.Now());
  }));
  if (verified->counter_regressed && refuse_regression) {
    return Fail(MakeError(errors::kAuthenticationInvalid, "signature counter regressed"));
  }

  const sessions::SignInFlow& sign_in = service.deps().sign_in;
  const sessions::SignInAttempt attempt{
      request, *user, "passkey", true,
      PasskeyService::Amr(verified->backup_eligible, verified->user_verified)};
  LK_ASSIGN_OR_RETURN(auto instead, sign_in.AfterFirstFactor(attempt));
  if (instead) return std::move(*instead);
  sessions::Session session;
  std::string device_id;
  users::User answered = *user;
  LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(session, sign_in.StartSession(tx, attempt));
    std::string details;
    json::ObjectWriter(details)
        .String("method", "passkey")
        .String("passkey_id", passkey->id)
        .Close();
    LK_TRY(audit::RecordInTransaction(tx, service.deps().services.clock, request,
                                      {.type = "user.sign_in",
                                       .outcome = audit::kSuccess,
                                       .user_id = user->id,
                                       .session_id = session.id,
                                       .details_json = details}));
    LK_ASSIGN_OR_RETURN(device_id, service.deps().devices.OnSignIn(tx, request, *user,
                                                                   /*notify=*/true));
    return service.deps().hooks.LoadUserFields(tx, answered);
  }));
  std::string out;
  json::ObjectWriter(out)
      .Raw("session", sessions::SessionJson(session))
      .Raw("user", users::UserJson(answered))
      .Close();
  http::Response response = http::Response::Json(std::move(out));
  LK_TRY(sign_in.SetCookies(attempt, session, response));
  service.deps().devices.SetCookie(response, device_id);
  sign_in.Succeeded("passkey");
  return response;
}

}  // namespace latchkey::passkeys
