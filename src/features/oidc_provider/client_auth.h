// How a client proves who it is at the token, introspection and revocation
// endpoints (RFC 6749 §2.3; docs/oidc.md "Tokens"). Not for use outside
// this folder.
#ifndef LK_FEATURES_OIDC_PROVIDER_CLIENT_AUTH_H_
#define LK_FEATURES_OIDC_PROVIDER_CLIENT_AUTH_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "features/oidc_provider/client_store.h"
#include "http/request.h"
#include "store/store.h"

namespace latchkey::oidc_provider::internal {

// The string member `key` of a form body, or "".
std::string Field(const boost::json::object& body, std::string_view key);

struct ClientCredentials {
  std::string client_id;
  std::optional<std::string> secret;
  bool malformed = false;  // two methods at once, or a bad Basic header: invalid_request
};

// client_secret_basic (RFC 6749 §2.3.1: both parts form-urlencoded),
// client_secret_post, or none (a client_id alone).
ClientCredentials ReadClientCredentials(const http::Request& request,
                                        const boost::json::object& body);

// The client when the credentials prove it: a confidential client's secret
// matches (constant time); a public client presented none. nullopt otherwise.
Result<std::optional<Client>> AuthenticateClient(store::Transaction& tx,
                                                 const ClientCredentials& credentials);

}  // namespace latchkey::oidc_provider::internal

#endif  // LK_FEATURES_OIDC_PROVIDER_CLIENT_AUTH_H_
