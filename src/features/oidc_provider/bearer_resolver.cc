// The provider's access tokens as credentials on latchkey's own routes
// (docs/oidc.md "Access tokens on latchkey's routes"; docs/design.md
// "Credentials"): "Authorization: Bearer" with an access token this
// provider issued stands for the session it was granted under, on the few
// read-only routes its scopes reach, and nowhere else.
#include <algorithm>

#include "crypto/token_hash.h"
#include "features/common/base_errors.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/users/user_store.h"

namespace latchkey::oidc_provider {
namespace {

// What a route needs from an access token: every scope listed.
struct ScopedRoute {
  http::Method method;
  std::string_view path;
  std::string_view scopes;
};

// get-session answers the user's name and e-mail address: profile and email.
constexpr ScopedRoute kScopedRoutes[] = {
    {http::Method::kGet, "/api/auth/get-session", "openid profile email"},
    {http::Method::kGet, "/api/auth/organization/list", "openid organization"},
    {http::Method::kGet, "/api/auth/organization/get-full-organization", "openid organization"},
};

bool LooksLikeJwt(std::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

// Whether `granted` holds every scope the route needs; false for a route
// no access token reaches.
bool RouteAllows(const http::RouteSpec& route, const std::vector<std::string>& granted) {
  for (const ScopedRoute& scoped : kScopedRoutes) {
    if (scoped.method != route.method || scoped.path != route.path) continue;
    const std::vector<std::string> needed = SplitScope(scoped.scopes);
    return std::all_of(needed.begin(), needed.end(), [&](const std::string& scope) {
      return std::find(granted.begin(), granted.end(), scope) != granted.end();
    });
  }
  return false;
}

}  // namespace

Result<std::optional<platform::Principal>> OidcProviderFeature::ResolveAccessToken(
    const http::Request& request, const http::RouteSpec& route) const {
  using Found = std::optional<platform::Principal>;
  auto bearer = http::BearerCredential(request);
  if (!bearer) return Found();
  const std::string token(*bearer);
  const bool opaque = token.starts_with("lkat_");
  // Anything else (a session token) is the next resolver's.
  if (!opaque && !LooksLikeJwt(token)) return Found();
  const TimeMs now = services_.clock.NowMs();
  bool known = false;
  std::vector<std::string> granted;
  std::optional<sessions::SessionWithUser> caller;
  std::string token_id;
  LK_TRY(store::InReadTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, user_id, session_id, scope FROM "
                                            "oauth_tokens WHERE token_hash = ? AND kind = "
                                            "'access' AND revoked_at IS NULL AND expires_at > ?",
                                            {crypto::HashToken(token), now}));
    if (rows.empty()) return {};
    known = true;
    LK_ASSIGN_OR_RETURN(token_id, rows[0].GetString("id"));
    LK_ASSIGN_OR_RETURN(auto user_id, rows[0].GetNullableString("user_id"));
    LK_ASSIGN_OR_RETURN(auto session_id, rows[0].GetNullableString("session_id"));
    LK_ASSIGN_OR_RETURN(std::string scope, rows[0].GetString("scope"));
    granted = SplitScope(scope);
    // client_credentials tokens stand for no user: no route of a user's.
    if (!user_id || !session_id) return {};
    LK_ASSIGN_OR_RETURN(auto session, sessions_.FindLiveSession(tx, *session_id));
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, *user_id));
    if (!session || !user || session->user_id != *user_id) return {};
    caller = sessions::SessionWithUser{.session = std::move(*session), .user = std::move(*user)};
    if (hooks_ != nullptr) {
      LK_TRY(hooks_->LoadUserFields(tx, caller->user));
      LK_TRY(hooks_->LoadSessionFields(tx, *caller));
    }
    return {};
  }));
  // A JWT we never issued is someone else's; a prefixed token is ours.
  if (!known && !opaque) return Found();
  if (!caller) return Fail(MakeError(errors::kUnauthorized, "invalid access token"));
  // A JWT issued for another resource (oidc_resource) is not for these routes.
  if (!opaque && AccessTokenAudience() != issuer_) {
    return Fail(MakeError(errors::kUnauthorized, "the access token is for another resource"));
  }
  if (!RouteAllows(route, granted)) return Fail(MakeError(kInsufficientScope));
  return Found(platform::Principal{.caller = std::move(*caller),
                                   .kind = platform::CredentialKind::kOAuthAccessToken,
                                   .credential_id = std::move(token_id)});
}

}  // namespace latchkey::oidc_provider
