#include "features/oidc_provider/client_store.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/redirect_uri.h"

namespace latchkey::oidc_provider {
namespace {

constexpr std::string_view kKnownGrants[] = {kGrantCode, kGrantRefresh, kGrantClientCredentials};
constexpr std::size_t kMaxUris = 20;

Error Invalid(std::string message) {
  Error error = MakeError(kInvalidClientField);
  error.wire_message = std::move(message);
  return error;
}

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// RFC 6749 §3.3 scope-token: printable ASCII but space, '"' and '\'.
bool IsScopeToken(std::string_view token) {
  return !token.empty() && token.size() <= 100 &&
         std::all_of(token.begin(), token.end(),
                     [](char c) { return c > 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

std::string ToJson(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const std::string& value : values) array.emplace_back(value);
  return boost::json::serialize(array);
}

std::vector<std::string> FromJson(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(text, ec);
  if (ec || !parsed.is_array()) return out;
  for (const auto& item : parsed.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

Result<Client> ReadClient(const store::Row& row) {
  Client client;
  LK_ASSIGN_OR_RETURN(client.client_id, row.GetString("client_id"));
  LK_ASSIGN_OR_RETURN(client.secret_hash, row.GetNullableString("secret_hash"));
  LK_ASSIGN_OR_RETURN(client.name, row.GetString("name"));
  LK_ASSIGN_OR_RETURN(auto redirects, row.GetString("redirect_uris"));
  LK_ASSIGN_OR_RETURN(auto logouts, row.GetString("post_logout_redirect_uris"));
  LK_ASSIGN_OR_RETURN(auto grants, row.GetString("grant_types"));
  LK_ASSIGN_OR_RETURN(auto scopes, row.GetString("scopes"));
  LK_ASSIGN_OR_RETURN(auto skip, row.GetInt("skip_consent"));
  LK_ASSIGN_OR_RETURN(client.access_token_format, row.GetString("access_token_format"));
  LK_ASSIGN_OR_RETURN(client.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(client.updated_at, row.GetInt("updated_at"));
  client.redirect_uris = FromJson(redirects);
  client.post_logout_redirect_uris = FromJson(logouts);
  client.grant_types = FromJson(grants);
  client.scopes = FromJson(scopes);
  client.skip_consent = skip != 0;
  return client;
}

constexpr std::string_view kColumns =
    "client_id, secret_hash, name, redirect_uris, post_logout_redirect_uris, grant_types, "
    "scopes, skip_consent, created_at, updated_at, access_token_format";

std::string NewSecret() { return crypto::RandomAlnum(43); }

}  // namespace

bool Client::Allows(std::string_view grant) const {
  return std::find(grant_types.begin(), grant_types.end(), grant) != grant_types.end();
}

bool Client::AllowsScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::vector<std::string> SplitScope(std::string_view scope) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < scope.size()) {
    const std::size_t end = std::min(scope.find(' ', i), scope.size());
    if (end > i) {
      std::string token(scope.substr(i, end - i));
      if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(std::move(token));
    }
    i = end + 1;
  }
  return out;
}

std::string JoinScope(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& scope : scopes) {
    if (!out.empty()) out.push_back(' ');
    out += scope;
  }
  return out;
}

Result<void> NormalizeClientSpec(ClientSpec& spec) {
  if (spec.name.empty() || spec.name.size() > 200)
    return Fail(Invalid("name: 1 to 200 characters"));
  if (spec.grant_types.empty())
    spec.grant_types = {std::string(kGrantCode), std::string(kGrantRefresh)};
  if (spec.scopes.empty()) spec.scopes = {"openid", "profile", "email", "offline_access"};
  for (const std::string& grant : spec.grant_types) {
    if (std::find(std::begin(kKnownGrants), std::end(kKnownGrants), grant) ==
        std::end(kKnownGrants)) {
      return Fail(Invalid("grant_types: unknown grant " + grant));
    }
  }
  const auto has = [&](std::string_view grant) {
    return std::find(spec.grant_types.begin(), spec.grant_types.end(), grant) !=
           spec.grant_types.end();
  };
  if (spec.is_public && has(kGrantClientCredentials)) {
    return Fail(Invalid("grant_types: a public client cannot use client_credentials"));
  }
  if (has(kGrantCode) && spec.redirect_uris.empty()) {
    return Fail(Invalid("redirect_uris: at least one for authorization_code"));
  }
  if (spec.redirect_uris.size() > kMaxUris || spec.post_logout_redirect_uris.size() > kMaxUris) {
    return Fail(Invalid("redirect_uris: at most 20"));
  }
  for (const auto* list : {&spec.redirect_uris, &spec.post_logout_redirect_uris}) {
    for (const std::string& uri : *list) LK_TRY(CheckRedirectUriForRegistration(uri));
  }
  for (const std::string& scope : spec.scopes) {
    if (!IsScopeToken(scope)) return Fail(Invalid("scope: bad scope token"));
  }
  if (!spec.client_id.empty() &&
      (spec.client_id.size() > 128 ||
       !std::all_of(spec.client_id.begin(), spec.client_id.end(), IsIdChar))) {
    return Fail(Invalid("client_id: 1 to 128 of [A-Za-z0-9._-]"));
  }
  if (spec.access_token_format != "opaque" && spec.access_token_format != "jwt") {
    return Fail(Invalid("access_token_format: opaque or jwt"));
  }
  if (spec.is_public && !spec.client_secret.empty()) {
    return Fail(Invalid("client_secret: a public client has none"));
  }
  if (!spec.client_secret.empty() &&
      (spec.client_secret.size() < 32 || spec.client_secret.size() > 256)) {
    return Fail(Invalid("client_secret: 32 to 256 characters"));
  }
  return {};
}

Result<CreatedClient> InsertClient(store::Transaction& tx, const ClientSpec& spec, TimeMs now) {
  CreatedClient created;
  Client& client = created.client;
  client.client_id = spec.client_id.empty() ? crypto::RandomAlnum(32) : spec.client_id;
  LK_ASSIGN_OR_RETURN(auto existing, FindClient(tx, client.client_id));
  if (existing) return Fail(MakeError(kClientExists));
  if (!spec.is_public) {
    created.secret = spec.client_secret.empty() ? NewSecret() : spec.client_secret;
    client.secret_hash = crypto::HashToken(created.secret);
  }
  client.name = spec.name;
  client.redirect_uris = spec.redirect_uris;
  client.post_logout_redirect_uris = spec.post_logout_redirect_uris;
  client.grant_types = spec.grant_types;
  client.scopes = spec.scopes;
  client.skip_consent = spec.skip_consent;
  client.access_token_format = spec.access_token_format;
  client.created_at = client.updated_at = now;
  LK_TRY(tx.Exec(
      "INSERT INTO oauth_clients (" + std::string(kColumns) +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {client.client_id, client.secret_hash ? store::Value(*client.secret_hash) : store::Value(),
       client.name, ToJson(client.redirect_uris), ToJson(client.post_logout_redirect_uris),
       ToJson(client.grant_types), ToJson(client.scopes), std::int64_t{client.skip_consent ? 1 : 0},
       now, now, client.access_token_format}));
  return created;
}

Result<std::optional<Client>> FindClient(store::Transaction& tx, std::string_view client_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                              " FROM oauth_clients WHERE client_id = ?",
                                          {std::string(client_id)}));
  if (rows.empty()) return std::optional<Client>();
  LK_ASSIGN_OR_RETURN(Client client, ReadClient(rows[0]));
  return std::optional<Client>(std::move(client));
}

Result<std::vector<Client>> ListClients(store::Transaction& tx) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                          " FROM oauth_clients ORDER BY created_at, client_id"));
  std::vector<Client> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(Client client, ReadClient(row));
    out.push_back(std::move(client));
  }
  return out;
}

Result<bool> DeleteClient(store::Transaction& tx, std::string_view client_id) {
  // Its codes, consents and tokens go with it (ON DELETE CASCADE).
  LK_ASSIGN_OR_RETURN(auto deleted, tx.Exec("DELETE FROM oauth_clients WHERE client_id = ?",
                                            {std::string(client_id)}));
  return deleted > 0;
}

Result<bool> UpdateClient(store::Transaction& tx, std::string_view client_id,
                          const ClientSpec& spec, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto existing, FindClient(tx, client_id));
  if (!existing) return false;
  if (existing->is_public() && std::find(spec.grant_types.begin(), spec.grant_types.end(),
                                         kGrantClientCredentials) != spec.grant_types.end()) {
    return Fail(Invalid("grant_types: a public client cannot use client_credentials"));
  }
  LK_TRY(tx.Exec(
      "UPDATE oauth_clients SET name = ?, redirect_uris = ?, post_logout_redirect_uris = ?, "
      "grant_types = ?, scopes = ?, skip_consent = ?, access_token_format = ?, updated_at = ? "
      "WHERE client_id = ?",
      {spec.name, ToJson(spec.redirect_uris), ToJson(spec.post_logout_redirect_uris),
       ToJson(spec.grant_types), ToJson(spec.scopes), std::int64_t{spec.skip_consent ? 1 : 0},
       spec.access_token_format, now, std::string(client_id)}));
  return true;
}

Result<std::optional<std::string>> RotateClientSecret(store::Transaction& tx,
                                                      std::string_view client_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto existing, FindClient(tx, client_id));
  if (!existing) return std::optional<std::string>();
  if (existing->is_public()) return Fail(Invalid("a public client has no secret"));
  std::string secret = NewSecret();
  LK_TRY(tx.Exec("UPDATE oauth_clients SET secret_hash = ?, updated_at = ? WHERE client_id = ?",
                 {crypto::HashToken(secret), now, std::string(client_id)}));
  return std::optional<std::string>(std::move(secret));
}

bool SecretMatches(const Client& client, std::string_view secret) {
  return client.secret_hash &&
         crypto::ConstantTimeEquals(crypto::HashToken(secret), *client.secret_hash);
}

std::string ClientJson(const Client& client, std::string_view secret) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("client_id", client.client_id);
  if (!secret.empty()) writer.String("client_secret", secret);
  writer.String("client_name", client.name)
      .Raw("redirect_uris", ToJson(client.redirect_uris))
      .Raw("post_logout_redirect_uris", ToJson(client.post_logout_redirect_uris))
      .Raw("grant_types", ToJson(client.grant_types))
      .String("scope", JoinScope(client.scopes))
      .String("token_endpoint_auth_method", client.is_public() ? "none" : "client_secret_basic")
      .Bool("public", client.is_public())
      .Bool("skip_consent", client.skip_consent)
      .String("access_token_format", client.access_token_format)
      .Int("client_id_issued_at", client.created_at / 1000)
      .Close();
  return out;
}

}  // namespace latchkey::oidc_provider
