#include "features/oidc_provider/client_auth.h"

#include "crypto/encoding.h"

namespace latchkey::oidc_provider::internal {

std::string Field(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// Both methods at once is malformed (RFC 6749 §2.3).
ClientCredentials ReadClientCredentials(const http::Request& request,
                                        const boost::json::object& body) {
  ClientCredentials out;
  const std::string body_id = Field(body, "client_id");
  const bool body_secret = body.contains("client_secret");
  if (auto header = request.Header("authorization");
      header && header->size() > 6 &&
      (header->substr(0, 6) == "Basic " || header->substr(0, 6) == "basic ")) {
    auto decoded = crypto::Base64Decode(header->substr(6));
    const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (!decoded || colon == std::string::npos || body_secret) {
      out.malformed = true;
      return out;
    }
    out.client_id = http::PercentDecode(std::string_view(*decoded).substr(0, colon), true);
    out.secret = http::PercentDecode(std::string_view(*decoded).substr(colon + 1), true);
    if (!body_id.empty() && body_id != out.client_id) out.malformed = true;
    return out;
  }
  out.client_id = body_id;
  if (body_secret) out.secret = Field(body, "client_secret");
  return out;
}

Result<std::optional<Client>> AuthenticateClient(store::Transaction& tx,
                                                 const ClientCredentials& credentials) {
  if (credentials.client_id.empty() || credentials.malformed) return std::optional<Client>();
  LK_ASSIGN_OR_RETURN(auto client, FindClient(tx, credentials.client_id));
  if (!client) return client;
  const bool proved = client->is_public()
                          ? !credentials.secret.has_value()
                          : credentials.secret && SecretMatches(*client, *credentials.secret);
  if (!proved) return std::optional<Client>();
  return client;
}

}  // namespace latchkey::oidc_provider::internal
