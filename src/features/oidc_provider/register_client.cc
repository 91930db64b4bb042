// POST /oauth2/register: dynamic client registration (RFC 7591; docs/oidc.md
// "Dynamic registration"). Off unless oidc_dynamic_registration, and then
// only with the initial access token (RFC 7591 §3, oidc_registration_token)
// as "Authorization: Bearer". A registered client never skips consent.
#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/hash.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "http/body.h"

namespace latchkey::oidc_provider {
namespace {

// RFC 7591 §3.2.2: invalid_redirect_uri or invalid_client_metadata.
http::Response MetadataError(const Error& error) {
  const bool redirect = error.code == kInvalidRedirectUri.code;
  const std::string description =
      error.wire_message.empty() ? std::string(error.message) : error.wire_message;
  return OAuthError(400, redirect ? "invalid_redirect_uri" : "invalid_client_metadata",
                    description);
}

}  // namespace

Result<http::Response> OidcProviderFeature::RegisterClient(const http::Request& request) const {
  const auto bearer = http::BearerCredential(request);
  // Compared as digests: constant time whatever the lengths.
  const bool authorized =
      bearer && !settings_.oidc_registration_token.empty() &&
      crypto::ConstantTimeEquals(crypto::Sha256(*bearer),
                                 crypto::Sha256(settings_.oidc_registration_token));
  if (!authorized) {
    LK_TRY(audit::RecordStandalone(services_.store, services_.clock, request,
                                   {.type = "oauth.client_register",
                                    .outcome = audit::kFailure,
                                    .details_json = R"({"reason":"initial_access_token"})"}));
    return BearerError(bearer ? "invalid_token" : "",
                       "The initial access token is missing or wrong");
  }
  auto body = http::ParseBody(request, /*allow_form=*/false);
  if (!body) return OAuthError(400, "invalid_client_metadata", "the body must be a JSON object");
  ClientSpec spec;
  if (auto applied = ApplyClientFields(*body, spec, /*creating=*/true); !applied) {
    return MetadataError(applied.error());
  }
  spec.skip_consent = false;  // only an operator marks a client first-party
  if (spec.name.empty()) spec.name = "Unnamed client";
  if (auto normalized = NormalizeClientSpec(spec); !normalized) {
    return MetadataError(normalized.error());
  }
  const TimeMs now = services_.clock.NowMs();
  LK_ASSIGN_OR_RETURN(
      CreatedClient created,
      store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<CreatedClient> {
        LK_ASSIGN_OR_RETURN(CreatedClient made, InsertClient(tx, spec, now));
        std::string details;
        json::ObjectWriter(details).String("clientId", made.client.client_id).Close();
        LK_TRY(audit::RecordInTransaction(tx, services_.clock, request,
                                          {.type = "oauth.client_register",
                                           .outcome = audit::kSuccess,
                                           .details_json = details}));
        return made;
      }));
  // RFC 7591 §3.2.1: 201, the secret (never expiring) in this answer only.
  std::string out = ClientJson(created.client, created.secret);
  if (!created.secret.empty()) {
    out.pop_back();
    out += R"(,"client_secret_expires_at":0})";
  }
  http::Response response = http::Response::Json(std::move(out), 201);
  response.no_store = true;
  return response;
}

}  // namespace latchkey::oidc_provider
