// POST /oauth2/token (RFC 6749 §3.2, OAuth 2.1 §3.2; docs/oidc.md "Tokens").
// Every refusal is RFC 6749 §5.2's JSON; 401 only for invalid_client. A
// refusal after a code or refresh token was spent still commits (the spend,
// a revoked family, the audit event), so the transaction returns an
// Outcome rather than failing.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_auth.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/oidc_provider/oidc_internal.h"
#include "features/oidc_provider/pkce.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::oidc_provider {
namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this folder's own helpers

struct Outcome {
  std::optional<http::Response> error;
  Minted minted;
  std::string scope;
  std::int64_t expires_in = 0;
  std::optional<users::User> user;
  IdTokenFacts id;
  bool id_token = false;
};

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string Details(std::string_view grant, std::string_view client_id,
                    std::string_view family_id) {
  std::string details;
  json::ObjectWriter(details)
      .String("grant", grant)
      .String("clientId", client_id)
      .String("family", family_id)
      .Close();
  return details;
}

// The grant's checks and facts, in the token endpoint's transaction. A
// refusal sets out.error and still returns success, so what it spent or
// revoked commits.
struct GrantContext {
  store::Transaction& tx;
  const http::Request& request;
  const Clock& clock;
  TimeMs now;
  const Client& client;
  const boost::json::object& body;
  Grant& grant;
  Outcome& out;
  bool with_refresh = false;

  Result<void> Refuse(int status, std::string_view error, std::string_view description) {
    out.error = OAuthError(status, error, description);
    return {};
  }
};

// authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6).
Result<void> CodeGrant(GrantContext& g) {
  store::Transaction& tx = g.tx;
  const Client* client = &g.client;
  Grant& grant = g.grant;
  Outcome& out = g.out;
  auto refuse = [&g](int status, std::string_view error, std::string_view description) {
    return g.Refuse(status, error, description);
  };
  const std::string code = Field(g.body, "code");
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT client_id, user_id, session_id, redirect_uri, scope, "
                               "nonce, code_challenge, auth_time, amr, expires_at, family_id "
                               "FROM oauth_codes WHERE code_hash = ?",
                               {crypto::HashToken(code)}));
  if (code.empty() || rows.empty()) return refuse(400, "invalid_grant", "unknown code");
  const store::Row& row = rows[0];
  // Spent at most once, whatever follows (a wrong verifier spends it too).
  LK_ASSIGN_OR_RETURN(auto claimed,
                      tx.Exec("UPDATE oauth_codes SET used_at = ?, family_id = ? WHERE "
                              "code_hash = ? AND used_at IS NULL",
                              {g.now, grant.family_id, crypto::HashToken(code)}));
  LK_ASSIGN_OR_RETURN(std::string code_client, row.GetString("client_id"));
  LK_ASSIGN_OR_RETURN(std::string user_id, row.GetString("user_id"));
  if (claimed == 0) {
    // RFC 6749 §4.1.2, OAuth 2.1 §4.1.3: a reused code revokes what it issued.
    LK_ASSIGN_OR_RETURN(auto family, row.GetNullableString("family_id"));
    if (family) LK_TRY(RevokeFamily(tx, *family, g.now));
    LK_TRY(audit::RecordInTransaction(
        tx, g.clock, g.request,
        {.type = "oauth.code_reuse_detected",
         .outcome = audit::kFailure,
         .user_id = user_id,
         .details_json = Details(kGrantCode, client->client_id, family.value_or(""))}));
    return refuse(400, "invalid_grant", "the code was already used");
  }
  LK_ASSIGN_OR_RETURN(std::string redirect_uri, row.GetString("redirect_uri"));
  LK_ASSIGN_OR_RETURN(std::string challenge, row.GetString("code_challenge"));
  LK_ASSIGN_OR_RETURN(TimeMs expires_at, row.GetInt("expires_at"));
  if (code_client != client->client_id) {
    return refuse(400, "invalid_grant", "the code was issued to another client");
  }
  if (g.now >= expires_at) return refuse(400, "invalid_grant", "the code has expired");
  if (Field(g.body, "redirect_uri") != redirect_uri) {
    return refuse(400, "invalid_grant", "redirect_uri does not match the authorization");
  }
  // RFC 7636 §4.6.
  if (!VerifyS256(Field(g.body, "code_verifier"), challenge)) {
    return refuse(400, "invalid_grant", "code_verifier does not match the code_challenge");
  }
  LK_ASSIGN_OR_RETURN(grant.session_id, row.GetString("session_id"));
  LK_ASSIGN_OR_RETURN(grant.scope, row.GetString("scope"));
  LK_ASSIGN_OR_RETURN(grant.auth_time, row.GetInt("auth_time"));
  LK_ASSIGN_OR_RETURN(out.id.nonce, row.GetNullableString("nonce"));
  LK_ASSIGN_OR_RETURN(std::string amr, row.GetString("amr"));
  out.id.amr = SplitScope(amr);
  grant.user_id = user_id;
  grant.refresh_scope = grant.scope;
  g.with_refresh =
      client->Allows(kGrantRefresh) && Contains(SplitScope(grant.scope), "offline_access");
  return {};
}

// refresh_token (RFC 6749 §6): rotation; a replay revokes the family.
Result<void> RefreshGrant(GrantContext& g) {
  store::Transaction& tx = g.tx;
  const Client* client = &g.client;
  Grant& grant = g.grant;
  auto refuse = [&g](int status, std::string_view error, std::string_view description) {
    return g.Refuse(status, error, description);
  };
  const std::string token = Field(g.body, "refresh_token");
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT id, family_id, client_id, user_id, session_id, scope, "
                               "auth_time, expires_at, used_at, revoked_at FROM oauth_tokens "
                               "WHERE token_hash = ? AND kind = 'refresh'",
                               {crypto::HashToken(token)}));
  if (token.empty() || rows.empty()) return refuse(400, "invalid_grant", "unknown refresh token");
  const store::Row& row = rows[0];
  LK_ASSIGN_OR_RETURN(std::string token_client, row.GetString("client_id"));
  LK_ASSIGN_OR_RETURN(grant.family_id, row.GetString("family_id"));
  LK_ASSIGN_OR_RETURN(auto revoked, row.GetNullableInt("revoked_at"));
  LK_ASSIGN_OR_RETURN(std::string id, row.GetString("id"));
  if (token_client != client->client_id) {
    return refuse(400, "invalid_grant", "the refresh token belongs to another client");
  }
  if (revoked) return refuse(400, "invalid_grant", "the refresh token was revoked");
  LK_ASSIGN_OR_RETURN(grant.user_id, row.GetNullableString("user_id"));
  LK_ASSIGN_OR_RETURN(auto claimed, tx.Exec("UPDATE oauth_tokens SET used_at = ? WHERE id = ? "
                                            "AND used_at IS NULL",
                                            {g.now, id}));
  if (claimed == 0) {
    // A spent refresh token again: stolen or replayed; the family ends,
    // live access tokens included (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
    LK_TRY(RevokeFamily(tx, grant.family_id, g.now));
    LK_TRY(audit::RecordInTransaction(
        tx, g.clock, g.request,
        {.type = "oauth.refresh_reuse_detected",
         .outcome = audit::kFailure,
         .user_id = grant.user_id.value_or(""),
         .details_json = Details(kGrantRefresh, client->client_id, grant.family_id)}));
    return refuse(400, "invalid_grant", "the refresh token was already used");
  }
  LK_ASSIGN_OR_RETURN(TimeMs expires_at, row.GetInt("expires_at"));
  if (g.now >= expires_at) return refuse(400, "invalid_grant", "the refresh token has expired");
  LK_ASSIGN_OR_RETURN(auto session, row.GetNullableString("session_id"));
  grant.session_id = session.value_or("");
  LK_ASSIGN_OR_RETURN(grant.refresh_scope, row.GetString("scope"));
  LK_ASSIGN_OR_RETURN(grant.auth_time, row.GetNullableInt("auth_time"));
  grant.scope = grant.refresh_scope;
  if (const std::string asked = Field(g.body, "scope"); !asked.empty()) {
    // RFC 6749 §6: no scope beyond the original grant.
    const std::vector<std::string> held = SplitScope(grant.refresh_scope);
    for (const std::string& scope : SplitScope(asked)) {
      if (!Contains(held, scope)) return refuse(400, "invalid_scope", "scope exceeds the grant");
    }
    grant.scope = JoinScope(SplitScope(asked));
  }
  g.with_refresh = true;
  return {};
}

// client_credentials: the client acts for itself (no user, no ID token,
// no refresh token; OAuth 2.1 §4.2).
Result<void> ClientCredentialsGrant(GrantContext& g) {
  const Client* client = &g.client;
  auto refuse = [&g](int status, std::string_view error, std::string_view description) {
    return g.Refuse(status, error, description);
  };
  // client_credentials: the client acts for itself (no user, no ID token,
  // no refresh token; OAuth 2.1 §4.2).
  if (client->is_public()) return refuse(400, "unauthorized_client", "public client");
  std::vector<std::string> scopes = SplitScope(Field(g.body, "scope"));
  if (scopes.empty()) {
    for (const std::string& scope : client->scopes) {
      if (scope != "openid" && scope != "offline_access") scopes.push_back(scope);
    }
  }
  for (const std::string& scope : scopes) {
    if (!client->AllowsScope(scope) || scope == "openid" || scope == "offline_access") {
      return refuse(400, "invalid_scope", "scope not allowed for client_credentials");
    }
  }
  g.grant.scope = g.grant.refresh_scope = JoinScope(scopes);
  return {};
}

}  // namespace

Result<http::Response> OidcProviderFeature::Token(const http::Request& request) const {
  auto parsed = http::ParseBody(request, /*allow_form=*/true);
  if (!parsed) return OAuthError(400, "invalid_request", "the body must be a form");
  const boost::json::object& body = *parsed;
  const std::string grant_type = Field(body, "grant_type");
  const ClientCredentials credentials = ReadClientCredentials(request, body);
  if (credentials.malformed) {
    return OAuthError(400, "invalid_request", "client authentication is malformed");
  }
  if (credentials.client_id.empty()) {
    return OAuthError(401, "invalid_client", "client authentication failed");
  }
  const TimeMs now = services_.clock.NowMs();
  const Clock& clock = services_.clock;
  Outcome out;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    out = Outcome{};
    auto refuse = [&](int status, std::string_view error, std::string_view description) {
      out.error = OAuthError(status, error, description);
      return Result<void>();
    };
    LK_ASSIGN_OR_RETURN(auto client, AuthenticateClient(tx, credentials));
    if (!client) return refuse(401, "invalid_client", "client authentication failed");
    if (grant_type.empty()) return refuse(400, "invalid_request", "grant_type is missing");
    if (grant_type != kGrantCode && grant_type != kGrantRefresh &&
        grant_type != kGrantClientCredentials) {
      return refuse(400, "unsupported_grant_type", "unsupported grant_type");
    }
    if (!client->Allows(grant_type)) {
      return refuse(400, "unauthorized_client", "the client may not use this grant");
    }
    Grant grant{.family_id = crypto::RandomAlnum(32), .client_id = client->client_id};
    GrantContext g{tx, request, clock, now, *client, body, grant, out};
    if (grant_type == kGrantCode) {
      LK_TRY(CodeGrant(g));
    } else if (grant_type == kGrantRefresh) {
      LK_TRY(RefreshGrant(g));
    } else {
      LK_TRY(ClientCredentialsGrant(g));
    }
    if (out.error) return {};
    const bool with_refresh = g.with_refresh;
    if (grant.user_id) {
      LK_ASSIGN_OR_RETURN(out.user, users::FindUserById(tx, *grant.user_id));
      if (!out.user) return refuse(400, "invalid_grant", "the user no longer exists");
    }
    const AccessTokenJwt signer{keys_, issuer_, AccessTokenAudience()};
    LK_ASSIGN_OR_RETURN(out.minted,
                        MintTokens(tx, grant, with_refresh, settings_, now,
                                   client->access_token_format == "jwt" ? &signer : nullptr));
    out.scope = grant.scope;
    out.expires_in = settings_.oidc_access_token_ttl_s;
    out.id_token = out.user && Contains(SplitScope(grant.scope), "openid");
    if (out.id_token) {
      LK_ASSIGN_OR_RETURN(out.id.organizations, OrganizationClaims(tx, out.user->id, grant.scope));
    }
    out.id.session_id = grant.session_id;
    // A refreshed ID token tells how the session was proven as it is now.
    if (grant_type == kGrantRefresh && !grant.session_id.empty()) {
      LK_ASSIGN_OR_RETURN(auto session, sessions_.FindLiveSession(tx, grant.session_id));
      if (session) out.id.amr = session->amr;
    }
    out.id.auth_time = grant.auth_time;
    return audit::RecordInTransaction(
        tx, clock, request,
        {.type = "oauth.token",
         .outcome = audit::kSuccess,
         .user_id = grant.user_id.value_or(""),
         .details_json = Details(grant_type, client->client_id, grant.family_id)});
  }));
  if (out.error) return std::move(*out.error);
  std::string id_token;
  if (out.id_token) {
    out.id.issuer = issuer_;
    out.id.client_id = credentials.client_id;
    out.id.user = &*out.user;
    out.id.scope = out.scope;
    out.id.access_token = out.minted.access;
    LK_ASSIGN_OR_RETURN(id_token, SignIdToken(keys_, out.id, settings_, now));
  }
  std::string response_body;
  json::ObjectWriter writer(response_body);
  writer.String("access_token", out.minted.access)
      .String("token_type", "Bearer")
      .Int("expires_in", out.expires_in)
      .String("scope", out.scope);
  if (!out.minted.refresh.empty()) writer.String("refresh_token", out.minted.refresh);
  if (!id_token.empty()) writer.String("id_token", id_token);
  writer.Close();
  http::Response response = http::Response::Json(std::move(response_body));
  response.no_store = true;  // RFC 6749 §5.1
  return response;
}

}  // namespace latchkey::oidc_provider
