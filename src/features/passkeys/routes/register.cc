// generate-register-options and verify-registration (docs/api.md
// "Passkeys"; WebAuthn L2 §5.4 and §7.1, the checks in crypto/webauthn).
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/passkeys/passkey_errors.h"
#include "features/passkeys/routes/passkey_routes.h"
#include "features/passkeys/routes/webauthn_json.h"
#include "http/body.h"

namespace latchkey::passkeys {
namespace {

// Better Auth's ids and user handles: 32 of [a-z0-9].
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string CredentialDescriptor(const Passkey& passkey) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("id", passkey.credential_id).String("type", "public-key");
  if (passkey.transports && !passkey.transports->empty()) {
    std::vector<std::string> transports;
    std::string_view rest = *passkey.transports;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      transports.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    writer.Raw("transports", json::StringArray(transports));
  }
  writer.Close();
  return out;
}

}  // namespace

std::string AllowList(const std::vector<Passkey>& passkeys) {
  std::string out = "[";
  for (const Passkey& passkey : passkeys) {
    if (out.size() > 1) out += ',';
    out += CredentialDescriptor(passkey);
  }
  return out + "]";
}

Result<http::Response> RegisterOptions(const http::Request& request, const PasskeyService& service,
                                       const sessions::SessionWithUser& caller) {
  const PasskeySettings& settings = service.settings();
  std::string attachment = settings.passkey_authenticator_attachment;
  if (auto asked = request.QueryParam("authenticatorAttachment")) {
    if (*asked != "platform" && *asked != "cross-platform") {
      return Fail(validation::FieldError("authenticatorAttachment",
                                         "Invalid option: expected one of "
                                         "\"platform\"|\"cross-platform\""));
    }
    attachment = *asked;
  }
  const std::string user_name = request.QueryParam("name").value_or(caller.user.email);
  LK_ASSIGN_OR_RETURN(
      auto existing,
      store::InReadTransaction(service.deps().services.store, [&](store::Transaction& tx) {
        return passkey_store::ListByUser(tx, caller.user.id);
      }));
  const std::string challenge = crypto::Base64UrlEncode(crypto::RandomBytes(32));
  // As Better Auth: a random user handle per registration, not the user id.
  const std::string user_handle = crypto::Base64UrlEncode(crypto::RandomString(32, kLowerAlnum));

  std::string rp;
  json::ObjectWriter(rp).String("name", service.rp_name()).String("id", service.rp().rp_id).Close();
  std::string user;
  json::ObjectWriter(user)
      .String("id", user_handle)
      .String("name", user_name)
      .String("displayName", caller.user.email)
      .Close();
  std::string selection;
  json::ObjectWriter selection_writer(selection);
  selection_writer.String("residentKey", settings.passkey_resident_key)
      .String("userVerification", settings.passkey_user_verification)
      .Bool("requireResidentKey", settings.passkey_resident_key == "required");
  if (!attachment.empty()) selection_writer.String("authenticatorAttachment", attachment);
  selection_writer.Close();
  std::string params = "[";
  for (int alg : service.rp().algorithms) {
    if (params.size() > 1) params += ',';
    json::ObjectWriter(params).Int("alg", alg).String("type", "public-key").Close();
  }
  params += "]";

  std::string body;
  json::ObjectWriter(body)
      .String("challenge", challenge)
      .Raw("rp", rp)
      .Raw("user", user)
      .Raw("pubKeyCredParams", params)
      .Int("timeout", kTimeoutMs)
      .String("attestation", settings.passkey_attestation)
      .Raw("excludeCredentials", AllowList(existing))
      .Raw("authenticatorSelection", selection)
      .Raw("extensions", R"({"credProps":true})")
      .Raw("hints", "[]")
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  LK_TRY(service.BeginCeremony({.kind = "registration",
                                .challenge = challenge,
                                .user_id = caller.user.id,
                                .user_handle = user_handle},
                               response));
  return response;
}

Result<http::Response> VerifyRegistration(const http::Request& request,
                                          const PasskeyService& service,
                                          const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(RegistrationJson in, ParseRegistrationJson(body));
  LK_ASSIGN_OR_RETURN(CeremonyChallenge ceremony, service.TakeCeremony(request, "registration"));
  if (ceremony.user_id != caller.user.id) {
    return Fail(MakeError(errors::kNotAllowed, "another user's ceremony"));
  }
  const Clock& clock = service.deps().services.clock;
  store::Store& store = service.deps().services.store;
  auto refuse = [&](std::string reason) -> Result<http::Response> {
    std::string details;
    json::ObjectWriter(details).String("reason", reason).Close();
    LK_TRY(audit::RecordStandalone(store, clock, request,
                                   {.type = "passkey.registered",
                                    .outcome = audit::kFailure,
                                    .user_id = caller.user.id,
                                    .session_id = caller.session.id,
                                    .details_json = details}));
    return Fail(MakeError(errors::kFailedToVerifyRegistration, std::move(reason)));
  };
  auto verified = crypto::webauthn::VerifyRegistration(service.rp(),
                                                       {.credential_id = in.raw_id,
                                                        .client_data_json = in.client_data_json,
                                                        .attestation_object = in.attestation_object,
                                                        .expected_challenge = ceremony.challenge});
  if (!verified) return refuse(std::string(verified.error().code));

  Passkey passkey;
  passkey.id =
      crypto::RandomString(32, "abcdefghijklmnopqrstuvwxyz0123456789");  // as Better Auth's
  passkey.name = in.name;
  passkey.public_key = crypto::Base64Encode(verified->public_key);
  passkey.user_id = caller.user.id;
  passkey.credential_id = crypto::Base64UrlEncode(verified->credential_id);
  passkey.counter = verified->sign_count;
  passkey.device_type = verified->backup_eligible ? "multiDevice" : "singleDevice";
  passkey.backed_up = verified->backed_up;
  if (!in.transports.empty()) passkey.transports = in.transports;
  passkey.aaguid = verified->aaguid;
  passkey.attestation_format = verified->attestation_format;
  passkey.user_handle = ceremony.user_handle;
  passkey.created_at = service.Now();
  bool taken = false;
  const sessions::SignInAttempt attempt{
      request, caller.user, "passkey", !service.deps().sessions.HasDontRemember(request),
      PasskeyService::Amr(verified->backup_eligible, verified->user_verified)};
  std::optional<sessions::Session> session;
  LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    // One credential, one account (WebAuthn L2 §7.1 step 22).
    LK_ASSIGN_OR_RETURN(taken, passkey_store::CredentialExists(tx, passkey.credential_id));
    if (taken) return {};
    LK_TRY(passkey_store::Insert(tx, passkey));
    if (in.create_session) {
      LK_ASSIGN_OR_RETURN(session, service.deps().sign_in.StartSession(tx, attempt));
    }
    std::string details;
    json::ObjectWriter(details)
        .String("passkey_id", passkey.id)
        .String("attestation", passkey.attestation_format)
        .String("aaguid", passkey.aaguid.value_or(""))
        .Close();
    return service.Announce(tx, request, caller.user, caller.session.id, "passkey.registered",
                            details, "A passkey was added to your account",
                            "A passkey (" + passkey.name.value_or("unnamed") +
                                ") was just added to your account: it can now sign in "
                                "without your password.");
  }));
  if (taken) return refuse("credential_registered");
  std::string out = PasskeyJson(passkey);
  if (session) {
    out.pop_back();  // the row's closing brace: the session and user join it
    out += R"(,"session":)" + sessions::SessionJson(*session) + R"(,"user":)" +
           users::UserJson(caller.user) + "}";
  }
  http::Response response = http::Response::Json(std::move(out));
  response.no_store = true;
  if (session) LK_TRY(service.deps().sign_in.SetCookies(attempt, *session, response));
  return response;
}

}  // namespace latchkey::passkeys
