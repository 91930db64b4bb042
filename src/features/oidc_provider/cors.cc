// CORS for browser relying parties (docs/oidc.md "Browser clients"): a
// single-page app that is a public client calls discovery, the token
// endpoint and userinfo from its own origin. Those answers allow the origin
// of a public client's registered redirect URI, without credentials (the
// calls carry tokens, never cookies). Trusted origins are the server's own
// CORS (docs/api.md), answered with credentials by the HTTP layer.
#include <algorithm>

#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_feature.h"

namespace latchkey::oidc_provider {
namespace {

// "https://app.example.com:8443/cb" → "https://app.example.com:8443"; ""
// for a private-use scheme (a native app has no origin).
std::string_view OriginOf(std::string_view uri) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (uri.starts_with(scheme)) return uri.substr(0, uri.find_first_of("/?#", scheme.size()));
  }
  return {};
}

}  // namespace

Result<bool> OidcProviderFeature::IsPublicClientOrigin(std::string_view origin) const {
  LK_ASSIGN_OR_RETURN(auto clients,
                      store::InReadTransaction(
                          services_.store, [](store::Transaction& tx) { return ListClients(tx); }));
  return std::any_of(clients.begin(), clients.end(), [&](const Client& client) {
    return client.is_public() &&
           std::any_of(client.redirect_uris.begin(), client.redirect_uris.end(),
                       [&](const std::string& uri) { return OriginOf(uri) == origin; });
  });
}

Result<void> OidcProviderFeature::AddCors(const http::Request& request,
                                          http::Response& response) const {
  const std::vector<std::string>& trusted = services_.config.trusted_origins;
  // The HTTP layer sends Vary: Origin itself when there are trusted origins.
  if (trusted.empty()) response.AddHeader("Vary", "Origin");
  const auto origin = request.Header("origin");
  if (!origin || origin->empty() || *origin == "null") return {};
  if (std::find(trusted.begin(), trusted.end(), *origin) != trusted.end()) return {};
  LK_ASSIGN_OR_RETURN(bool allowed, IsPublicClientOrigin(*origin));
  if (allowed) response.AddHeader("Access-Control-Allow-Origin", std::string(*origin));
  return {};
}

http::Response OidcProviderFeature::Preflight() {
  http::Response response = http::Response::Empty(204);
  response.AddHeader("Access-Control-Allow-Methods", "GET, POST");
  response.AddHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
  response.AddHeader("Access-Control-Max-Age", "600");
  return response;
}

}  // namespace latchkey::oidc_provider
