// OAuth clients (docs/oidc.md "Clients"): the oauth_clients table, shared
// by the admin routes and `latchkey clients`. A client's secret is shown
// once, when made or rotated, and stored as its SHA-256 hash (it is 256
// bits of randomness, or at least 32 characters the operator chose).
// Thread-safety: stateless functions over the caller's transaction.
#ifndef LK_FEATURES_OIDC_PROVIDER_CLIENT_STORE_H_
#define LK_FEATURES_OIDC_PROVIDER_CLIENT_STORE_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::oidc_provider {

inline constexpr std::string_view kGrantCode = "authorization_code";
inline constexpr std::string_view kGrantRefresh = "refresh_token";
inline constexpr std::string_view kGrantClientCredentials = "client_credentials";

struct Client {
  std::string client_id;
  std::optional<std::string> secret_hash;  // none: a public client
  std::string name;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::vector<std::string> grant_types;
  std::vector<std::string> scopes;
  bool skip_consent = false;
  std::string access_token_format = "opaque";  // or "jwt" (RFC 9068)
  TimeMs created_at = 0;
  TimeMs updated_at = 0;

  bool is_public() const { return !secret_hash.has_value(); }
  bool Allows(std::string_view grant) const;
  bool AllowsScope(std::string_view scope) const;
};

// What `clients create` and POST /oauth2/create-client say. Empty lists
// take the defaults (grants: authorization_code, refresh_token; scopes:
// openid profile email offline_access).
struct ClientSpec {
  std::string name;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::vector<std::string> grant_types;
  std::vector<std::string> scopes;
  bool is_public = false;
  bool skip_consent = false;
  std::string client_id;                       // empty: generated
  std::string client_secret;                   // empty: generated (confidential clients)
  std::string access_token_format = "opaque";  // or "jwt"
};

// Fills defaults and checks every field. Errors: INVALID_OAUTH_CLIENT,
// INVALID_REDIRECT_URI (kInvalidArgument), naming the problem.
Result<void> NormalizeClientSpec(ClientSpec& spec);

// Applies the RFC 7591 fields of a create-client (`creating`: also
// token_endpoint_auth_method) or update-client body onto `spec`. Errors:
// INVALID_OAUTH_CLIENT naming the field.
Result<void> ApplyClientFields(const boost::json::object& body, ClientSpec& spec, bool creating);

// Inserts the client and returns it with its clear secret (empty for a
// public client). REQUIRES: NormalizeClientSpec(spec) succeeded.
// Errors: OAUTH_CLIENT_EXISTS when the id is taken; as the store.
struct CreatedClient {
  Client client;
  std::string secret;
};
Result<CreatedClient> InsertClient(store::Transaction& tx, const ClientSpec& spec, TimeMs now);

Result<std::optional<Client>> FindClient(store::Transaction& tx, std::string_view client_id);
Result<std::vector<Client>> ListClients(store::Transaction& tx);
// Returns false when there was no such client.
Result<bool> DeleteClient(store::Transaction& tx, std::string_view client_id);
// Replaces what `spec` names (redirect URIs, grants, scopes, name,
// skip_consent) of an existing client. REQUIRES: NormalizeClientSpec(spec).
Result<bool> UpdateClient(store::Transaction& tx, std::string_view client_id,
                          const ClientSpec& spec, TimeMs now);
// A new secret for a confidential client (the old one stops working).
// nullopt: no such client. Errors: INVALID_OAUTH_CLIENT for a public one.
Result<std::optional<std::string>> RotateClientSecret(store::Transaction& tx,
                                                      std::string_view client_id, TimeMs now);

// True when `secret` is the client's (constant time).
bool SecretMatches(const Client& client, std::string_view secret);

// The client as JSON (RFC 7591 names); `secret` non-empty adds client_secret.
std::string ClientJson(const Client& client, std::string_view secret = {});

// "a b  c" → {"a","b","c"}; and back.
std::vector<std::string> SplitScope(std::string_view scope);
std::string JoinScope(const std::vector<std::string>& scopes);

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_CLIENT_STORE_H_
