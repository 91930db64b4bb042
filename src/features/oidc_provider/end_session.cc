// GET /oauth2/end-session: RP-initiated logout (OpenID Connect RP-Initiated
// Logout 1.0; docs/oidc.md "Logout"). The id_token_hint must be an ID
// token we signed (its age does not matter: a user may log out hours after
// signing in); it names the client (aud) and the session (sid). That
// session ends, with every token the provider issued under it, and the
// browser goes to post_logout_redirect_uri (exactly one the client
// registered) with state, or gets {"success":true}; the browser's session
// cookie is expired when it was that session's.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/jose/jws.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"

namespace latchkey::oidc_provider {
namespace {

// The hint's iat, read before verifying so that an expired hint verifies as
// of its issue (signature and issuer are what matter here).
std::optional<std::int64_t> IssuedAt(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
  auto payload = crypto::Base64UrlDecode(token.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(*payload, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto* iat = parsed.as_object().if_contains("iat");
  if (iat == nullptr || !iat->is_int64()) return std::nullopt;
  return iat->as_int64();
}

std::string StringClaim(const boost::json::object& claims, std::string_view key) {
  const auto* value = claims.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

Result<http::Response> OidcProviderFeature::EndSession(const http::Request& request) const {
  const std::string hint = request.QueryParam("id_token_hint").value_or("");
  const std::string redirect = request.QueryParam("post_logout_redirect_uri").value_or("");
  const auto state = request.QueryParam("state");
  const auto iat = IssuedAt(hint);
  if (hint.empty() || !iat) {
    return OAuthError(400, "invalid_request", "id_token_hint is missing or malformed");
  }
  LK_ASSIGN_OR_RETURN(auto snapshot, keys_.Current());
  auto verified = crypto::jose::Verify(
      hint, snapshot->published,
      {.now = *iat, .leeway_seconds = services_.config.jwt_clock_skew_s, .issuer = issuer_});
  if (!verified) return OAuthError(400, "invalid_request", "id_token_hint is not ours");
  const std::string client_id = StringClaim(verified->claims, "aud");
  const std::string session_id = StringClaim(verified->claims, "sid");
  const std::string user_id = StringClaim(verified->claims, "sub");
  if (auto asked = request.QueryParam("client_id"); asked && *asked != client_id) {
    return OAuthError(400, "invalid_request", "client_id does not match id_token_hint");
  }
  const TimeMs now = services_.clock.NowMs();
  std::optional<http::Response> refusal;
  bool expire_cookies = false;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    refusal.reset();
    expire_cookies = false;
    LK_ASSIGN_OR_RETURN(auto client, FindClient(tx, client_id));
    if (!client) {
      refusal = OAuthError(400, "invalid_request", "unknown client");
      return {};
    }
    if (!redirect.empty() && std::find(client->post_logout_redirect_uris.begin(),
                                       client->post_logout_redirect_uris.end(),
                                       redirect) == client->post_logout_redirect_uris.end()) {
      refusal = OAuthError(400, "invalid_request", "post_logout_redirect_uri is not registered");
      return {};
    }
    if (!session_id.empty()) {
      // The browser's own cookie goes when it is that session's (or dead),
      // as sign-out expires it.
      if (auto token = sessions_.TokenFromRequest(request)) {
        LK_ASSIGN_OR_RETURN(auto mine, sessions_.FindByToken(tx, *token));
        expire_cookies = !mine || mine->session.id == session_id;
      }
      LK_ASSIGN_OR_RETURN(auto live, sessions_.FindLiveSession(tx, session_id));
      if (live && live->user_id == user_id) {
        LK_TRY(sessions_.DeleteSession(tx, session_id));
        LK_TRY(sessions_.InvalidateSession(tx, session_id, user_id));
      }
      LK_TRY(tx.Exec(
          "UPDATE oauth_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
          {now, session_id}));
    }
    std::string details;
    json::ObjectWriter(details).String("clientId", client_id).Close();
    return audit::RecordInTransaction(tx, services_.clock, request,
                                      {.type = "oauth.end_session",
                                       .outcome = audit::kSuccess,
                                       .user_id = user_id,
                                       .session_id = session_id,
                                       .details_json = details});
  }));
  if (refusal) return std::move(*refusal);
  http::Response response = http::Response::Json(R"({"success":true})");
  if (!redirect.empty()) {
    std::string location = redirect;
    if (state) {
      location += (redirect.find('?') == std::string::npos ? "?state=" : "&state=") +
                  http::PercentEncode(*state);
    }
    response = http::Response::Redirect(location);
  }
  if (expire_cookies) sessions_.ClearSessionCookies(response);
  return response;
}

}  // namespace latchkey::oidc_provider
