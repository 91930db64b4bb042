// The setup routes (docs/api.md "Two-factor authentication"): enable,
// disable, get-totp-uri, generate-backup-codes, view-backup-codes and the
// QR code. Each re-checks the password first (but view-backup-codes and
// the QR code of a setup just started), and each change writes one audit
// event and mails the owner.
#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/qr_svg.h"
#include "features/common/validation.h"
#include "features/two_factor/routes/two_factor_routes.h"
#include "features/two_factor/two_factor_errors.h"
#include "http/body.h"

namespace latchkey::two_factor {
namespace {

struct SetupInput {
  std::string password;
  std::string method = "totp";
  std::optional<std::string> issuer;
};

Result<SetupInput> ParseSetup(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  SetupInput in;
  LK_ASSIGN_OR_RETURN(in.password, validation::RequireString(body, "password", 4096));
  LK_ASSIGN_OR_RETURN(auto method, validation::OptionalString(body, "method", 16));
  if (method) in.method = *method;
  if (in.method != "totp" && in.method != "otp") {
    return Fail(
        validation::FieldError("method", "Invalid option: expected one of \"otp\"|\"totp\""));
  }
  LK_ASSIGN_OR_RETURN(in.issuer, validation::OptionalString(body, "issuer", 128));
  return in;
}

Result<std::string> CheckedPassword(const http::Request& request, const TwoFactorService& service,
                                    const users::User& user) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string password, validation::RequireString(body, "password", 4096));
  LK_TRY(service.CheckPassword(request, user, password));
  return password;
}

// Ten new recovery codes replace the user's old ones, in tx.
Result<std::vector<std::string>> NewBackupCodes(store::Transaction& tx,
                                                const TwoFactorService& service,
                                                const std::string& user_id) {
  std::vector<std::string> codes = TwoFactorKeys::NewBackupCodes();
  std::vector<std::string> hashes;
  for (const std::string& code : codes) {
    LK_ASSIGN_OR_RETURN(auto forms, service.keys().BackupCodeHashes(user_id, code));
    hashes.push_back(std::move(forms.front()));
  }
  LK_TRY(store_ops::ReplaceBackupCodes(tx, user_id, hashes, service.Now()));
  return codes;
}

Notice EnabledNotice(std::string_view method) {
  std::string details;
  json::ObjectWriter(details).String("method", method).Close();
  return {.type = "two_factor.enabled",
          .details_json = std::move(details),
          .subject = "Two-factor authentication is on",
          .paragraphs = {"Two-factor authentication was just turned on for your account: signing "
                         "in now also asks for a code sent to this address."}};
}

http::Response NoStoreJson(std::string body) {
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

}  // namespace

Result<http::Response> Enable(const http::Request& request, const TwoFactorService& service,
                              const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(SetupInput in, ParseSetup(request));
  LK_TRY(service.CheckPassword(request, caller.user, in.password));
  store::Store& store = service.deps().services.store;
  const TimeMs now = service.Now();
  if (in.method == "otp") {
    if (!service.settings().two_factor_otp) return Fail(MakeError(errors::kOtpNotConfigured));
    LK_ASSIGN_OR_RETURN(
        sessions::Session renewed,
        store::InTransaction(store, [&](store::Transaction& tx) -> Result<sessions::Session> {
          LK_TRY(store_ops::SetEnabled(tx, caller.user.id, true, now));
          LK_TRY(service.deps().sessions.InvalidateUser(tx, caller.user.id));
          LK_ASSIGN_OR_RETURN(sessions::Session session,
                              service.RotateSession(tx, request, caller));
          LK_TRY(service.Announce(tx, request, caller.user, session.id, EnabledNotice("otp")));
          return session;
        }));
    http::Response response = NoStoreJson(R"({"method":"otp"})");
    LK_TRY(service.SetRotatedCookies(request, caller.user, renewed, response));
    return response;
  }
  const std::string key = crypto::RandomBytes(kTotpKeyBytes);
  LK_ASSIGN_OR_RETURN(std::string sealed, service.keys().SealTotpKey(caller.user.id, key));
  LK_ASSIGN_OR_RETURN(
      std::vector<std::string> codes,
      store::InTransaction(store, [&](store::Transaction& tx) -> Result<std::vector<std::string>> {
        LK_ASSIGN_OR_RETURN(auto state, store_ops::LoadState(tx, caller.user.id));
        if (state && state->totp_secret && state->totp_verified) {
          return Fail(MakeError(errors::kTotpAlreadyEnabled));
        }
        LK_TRY(store_ops::PutPendingTotp(tx, caller.user.id, sealed, now));
        LK_ASSIGN_OR_RETURN(auto fresh, NewBackupCodes(tx, service, caller.user.id));
        // Not a change yet: 2FA turns on with the first verified code.
        LK_TRY(service.Announce(tx, request, caller.user, caller.session.id,
                                {.type = "two_factor.totp_setup_started"}));
        return fresh;
      }));
  std::string body;
  json::ObjectWriter(body)
      .String("method", "totp")
      .String("totpURI", service.TotpUri(in.issuer, caller.user.email, key))
      .Raw("backupCodes", json::StringArray(codes))
      .Close();
  return NoStoreJson(std::move(body));
}

Result<http::Response> Disable(const http::Request& request, const TwoFactorService& service,
                               const sessions::SessionWithUser& caller) {
  LK_TRY(CheckedPassword(request, service, caller.user));
  LK_ASSIGN_OR_RETURN(
      sessions::Session renewed,
      store::InTransaction(
          service.deps().services.store, [&](store::Transaction& tx) -> Result<sessions::Session> {
            LK_ASSIGN_OR_RETURN(auto state, store_ops::LoadState(tx, caller.user.id));
            const bool was_on = state && state->enabled;
            LK_TRY(store_ops::DeleteAll(tx, caller.user.id));
            LK_TRY(service.deps().sessions.InvalidateUser(tx, caller.user.id));
            LK_ASSIGN_OR_RETURN(sessions::Session session,
                                service.RotateSession(tx, request, caller));
            Notice notice{.type = "two_factor.disabled"};
            if (was_on) {
              notice.subject = "Two-factor authentication is off";
              notice.paragraphs = {
                  "Two-factor authentication was just turned off for your "
                  "account, and every trusted device was forgotten: signing in "
                  "now asks for your password only."};
            }
            LK_TRY(service.Announce(tx, request, caller.user, session.id, notice));
            return session;
          }));
  http::Response response = NoStoreJson(R"({"status":true})");
  LK_TRY(service.SetRotatedCookies(request, caller.user, renewed, response));
  service.ExpireCookie(response, "trust_device");
  return response;
}

Result<http::Response> GetTotpUri(const http::Request& request, const TwoFactorService& service,
                                  const sessions::SessionWithUser& caller) {
  LK_TRY(CheckedPassword(request, service, caller.user));
  LK_ASSIGN_OR_RETURN(auto state, store::InReadTransaction(
                                      service.deps().services.store, [&](store::Transaction& tx) {
                                        return store_ops::LoadState(tx, caller.user.id);
                                      }));
  if (!state || !state->totp_secret) return Fail(MakeError(errors::kTotpNotEnabled));
  LK_ASSIGN_OR_RETURN(std::string key,
                      service.keys().OpenTotpKey(caller.user.id, *state->totp_secret));
  std::string body;
  json::ObjectWriter(body)
      .String("totpURI", service.TotpUri(std::nullopt, caller.user.email, key))
      .Close();
  return NoStoreJson(std::move(body));
}

Result<http::Response> GenerateBackupCodes(const http::Request& request,
                                           const TwoFactorService& service,
                                           const sessions::SessionWithUser& caller) {
  LK_TRY(CheckedPassword(request, service, caller.user));
  LK_ASSIGN_OR_RETURN(
      std::vector<std::string> codes,
      store::InTransaction(
          service.deps().services.store,
          [&](store::Transaction& tx) -> Result<std::vector<std::string>> {
            LK_ASSIGN_OR_RETURN(auto state, store_ops::LoadState(tx, caller.user.id));
            if (!state || !state->enabled) {
              return Fail(MakeError(errors::kTwoFactorNotEnabled));
            }
            LK_ASSIGN_OR_RETURN(auto fresh, NewBackupCodes(tx, service, caller.user.id));
            LK_TRY(
                service.Announce(tx, request, caller.user, caller.session.id,
                                 {.type = "two_factor.backup_codes_regenerated",
                                  .subject = "New recovery codes were made",
                                  .paragraphs = {"Ten new recovery codes were just made for your "
                                                 "account; the old ones no longer work."}}));
            return fresh;
          }));
  std::string body;
  json::ObjectWriter(body)
      .Bool("status", true)
      .Raw("backupCodes", json::StringArray(codes))
      .Close();
  return NoStoreJson(std::move(body));
}

Result<http::Response> ViewBackupCodes(const http::Request& request,
                                       const TwoFactorService& service,
                                       const sessions::SessionWithUser& caller) {
  LK_TRY(http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(
      std::int64_t left,
      store::InReadTransaction(service.deps().services.store, [&](store::Transaction& tx) {
        return store_ops::CountBackupCodes(tx, caller.user.id);
      }));
  std::string body;
  json::ObjectWriter(body)
      .Bool("status", true)
      .Raw("backupCodes", "[]")
      .Int("remaining", left)
      .Close();
  return NoStoreJson(std::move(body));
}

Result<http::Response> TotpQr(const http::Request& /*request*/, const TwoFactorService& service,
                              const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto state, store::InReadTransaction(
                                      service.deps().services.store, [&](store::Transaction& tx) {
                                        return store_ops::LoadState(tx, caller.user.id);
                                      }));
  // Only a setup just started: a proven authenticator's key is shown again
  // only for the password (get-totp-uri).
  if (!state || !state->totp_secret || state->totp_verified ||
      state->totp_created_at + kPendingSetupMs <= service.Now()) {
    return Fail(MakeError(errors::kNoPendingSetup));
  }
  LK_ASSIGN_OR_RETURN(std::string key,
                      service.keys().OpenTotpKey(caller.user.id, *state->totp_secret));
  LK_ASSIGN_OR_RETURN(std::string svg,
                      qr::QrSvg(service.TotpUri(std::nullopt, caller.user.email, key)));
  http::Response response = http::Response::Text(std::move(svg), "image/svg+xml");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::two_factor
