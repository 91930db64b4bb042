// GET|POST /oauth2/userinfo (OpenID Connect Core §5.3). The access token
// comes as "Authorization: Bearer" or, on POST, as the form's access_token
// (RFC 6750 §2.2); a missing or bad one is 401 with WWW-Authenticate
// (RFC 6750 §3).
#include <boost/json.hpp>

#include "crypto/token_hash.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/oidc_provider/oidc_internal.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::oidc_provider {

Result<http::Response> OidcProviderFeature::UserInfo(const http::Request& request) const {
  std::string token;
  if (auto bearer = http::BearerCredential(request)) {
    token = std::string(*bearer);
  } else if (request.method == http::Method::kPost) {
    if (auto body = http::ParseBody(request, /*allow_form=*/true)) {
      const auto* value = body->if_contains("access_token");
      if (value != nullptr && value->is_string()) token = std::string(value->as_string());
    }
  }
  if (token.empty()) return BearerError({}, {});
  const TimeMs now = services_.clock.NowMs();
  std::optional<users::User> user;
  std::string scope;
  std::optional<boost::json::array> organizations;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto rows,
                        tx.Query("SELECT user_id, scope FROM oauth_tokens WHERE token_hash = ? "
                                 "AND kind = 'access' AND revoked_at IS NULL AND expires_at > ?",
                                 {crypto::HashToken(token), now}));
    if (rows.empty()) return {};
    LK_ASSIGN_OR_RETURN(auto user_id, rows[0].GetNullableString("user_id"));
    LK_ASSIGN_OR_RETURN(scope, rows[0].GetString("scope"));
    if (!user_id) return {};
    LK_ASSIGN_OR_RETURN(user, users::FindUserById(tx, *user_id));
    LK_ASSIGN_OR_RETURN(organizations, internal::OrganizationClaims(tx, *user_id, scope));
    return {};
  }));
  if (!user) return BearerError("invalid_token", "The access token is invalid or expired");
  const std::vector<std::string> scopes = SplitScope(scope);
  if (std::find(scopes.begin(), scopes.end(), "openid") == scopes.end()) {
    return BearerError("insufficient_scope", "The access token lacks the openid scope");
  }
  boost::json::object claims;
  claims["sub"] = user->id;
  internal::AddUserClaims(claims, *user, scopes);
  if (organizations) claims["organizations"] = std::move(*organizations);
  http::Response response = http::Response::Json(boost::json::serialize(claims));
  response.no_store = true;
  return response;
}

}  // namespace latchkey::oidc_provider
