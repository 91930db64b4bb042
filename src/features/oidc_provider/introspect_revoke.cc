// POST /oauth2/introspect (RFC 7662) and POST /oauth2/revoke (RFC 7009)
// (docs/oidc.md "Introspection and revocation"). Both authenticate the
// client like the token endpoint. Introspection is for confidential clients
// (the resource servers): an unknown, expired or revoked token is
// {"active":false}. Revocation answers 200 for an unknown token; a token of
// another client is refused; revoking a refresh token ends its family, its
// live access tokens included.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_auth.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/oidc_provider/oidc_internal.h"
#include "http/body.h"

namespace latchkey::oidc_provider {
namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this folder's own helpers

struct Found {
  std::string id;
  std::string kind;
  std::string family_id;
  std::string client_id;
  std::optional<std::string> user_id;
  std::string scope;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  bool dead = false;  // revoked, spent (refresh) or expired
};

Result<std::optional<Found>> FindToken(store::Transaction& tx, const std::string& token,
                                       TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, kind, family_id, client_id, user_id, scope, "
                                          "created_at, expires_at, used_at, revoked_at "
                                          "FROM oauth_tokens WHERE token_hash = ?",
                                          {crypto::HashToken(token)}));
  if (rows.empty()) return std::optional<Found>();
  const store::Row& row = rows[0];
  Found found;
  LK_ASSIGN_OR_RETURN(found.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(found.kind, row.GetString("kind"));
  LK_ASSIGN_OR_RETURN(found.family_id, row.GetString("family_id"));
  LK_ASSIGN_OR_RETURN(found.client_id, row.GetString("client_id"));
  LK_ASSIGN_OR_RETURN(found.user_id, row.GetNullableString("user_id"));
  LK_ASSIGN_OR_RETURN(found.scope, row.GetString("scope"));
  LK_ASSIGN_OR_RETURN(found.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(found.expires_at, row.GetInt("expires_at"));
  LK_ASSIGN_OR_RETURN(auto used, row.GetNullableInt("used_at"));
  LK_ASSIGN_OR_RETURN(auto revoked, row.GetNullableInt("revoked_at"));
  found.dead = revoked.has_value() || now >= found.expires_at || (found.kind == kRefresh && used);
  return std::optional<Found>(std::move(found));
}

}  // namespace

Result<http::Response> OidcProviderFeature::Introspect(const http::Request& request) const {
  auto body = http::ParseBody(request, /*allow_form=*/true);
  if (!body) return OAuthError(400, "invalid_request", "the body must be a form");
  const ClientCredentials credentials = ReadClientCredentials(request, *body);
  if (credentials.malformed) {
    return OAuthError(400, "invalid_request", "client authentication is malformed");
  }
  const std::string token = Field(*body, "token");
  const TimeMs now = services_.clock.NowMs();
  std::optional<Client> client;
  std::optional<Found> found;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(client, AuthenticateClient(tx, credentials));
    if (!client || client->is_public() || token.empty()) return {};
    LK_ASSIGN_OR_RETURN(found, FindToken(tx, token, now));
    return {};
  }));
  // RFC 7662 §2.1: the caller must be authorized (a public client is not).
  if (!client || client->is_public()) {
    return OAuthError(401, "invalid_client", "client authentication failed");
  }
  if (token.empty()) return OAuthError(400, "invalid_request", "token is missing");
  std::string out;
  json::ObjectWriter writer(out);
  if (!found || found->dead) {
    writer.Bool("active", false).Close();
  } else {
    writer.Bool("active", true)
        .String("client_id", found->client_id)
        .String("scope", found->scope)
        .String("token_type", found->kind == kAccess ? "Bearer" : "refresh_token")
        .Int("iat", found->created_at / 1000)
        .Int("exp", found->expires_at / 1000)
        .String("iss", issuer_);
    if (found->user_id) writer.String("sub", *found->user_id);
    writer.Close();
  }
  http::Response response = http::Response::Json(std::move(out));
  response.no_store = true;
  return response;
}

Result<http::Response> OidcProviderFeature::Revoke(const http::Request& request) const {
  auto body = http::ParseBody(request, /*allow_form=*/true);
  if (!body) return OAuthError(400, "invalid_request", "the body must be a form");
  const ClientCredentials credentials = ReadClientCredentials(request, *body);
  if (credentials.malformed) {
    return OAuthError(400, "invalid_request", "client authentication is malformed");
  }
  const std::string token = Field(*body, "token");
  const TimeMs now = services_.clock.NowMs();
  std::optional<http::Response> error;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    error.reset();
    LK_ASSIGN_OR_RETURN(auto client, AuthenticateClient(tx, credentials));
    if (!client) {
      error = OAuthError(401, "invalid_client", "client authentication failed");
      return {};
    }
    if (token.empty()) {
      error = OAuthError(400, "invalid_request", "token is missing");
      return {};
    }
    LK_ASSIGN_OR_RETURN(auto found, FindToken(tx, token, now));
    if (!found) return {};  // RFC 7009 §2.2: unknown tokens are no error
    if (found->client_id != client->client_id) {
      // RFC 7009 §2.1: the token must have been issued to the caller.
      error = OAuthError(400, "unauthorized_client", "the token was issued to another client");
      return {};
    }
    if (found->kind == kRefresh) {
      LK_TRY(RevokeFamily(tx, found->family_id, now));
    } else {
      LK_TRY(tx.Exec("UPDATE oauth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                     {now, found->id}));
    }
    std::string details;
    json::ObjectWriter(details)
        .String("clientId", client->client_id)
        .String("kind", found->kind)
        .String("family", found->family_id)
        .Close();
    return audit::RecordInTransaction(tx, services_.clock, request,
                                      {.type = "oauth.revoke",
                                       .outcome = audit::kSuccess,
                                       .user_id = found->user_id.value_or(""),
                                       .details_json = details});
  }));
  if (error) return std::move(*error);
  http::Response response = http::Response::Json("{}");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::oidc_provider
