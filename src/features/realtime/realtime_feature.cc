#include "features/realtime/realtime_feature.h"

#include "crypto/token_hash.h"
#include "features/common/base_errors.h"
#include "features/users/user.h"

namespace latchkey::realtime {

Authenticator SessionAuthenticator(const sessions::SessionService& sessions) {
  return [&sessions](const http::Request& request) -> Result<std::optional<Principal>> {
    std::optional<std::string> token = sessions.TokenFromRequest(request);
    if (!token) return std::optional<Principal>();
    LK_ASSIGN_OR_RETURN(auto found, sessions.Resolve(*token));
    if (!found) return std::optional<Principal>();
    LK_TRY(sessions.CheckUse(request, *found));
    Principal principal;
    principal.user_id = found->user.id;
    principal.session_id = found->session.id;
    principal.token_hash = crypto::HashToken(*token);
    principal.token = std::move(*token);
    principal.expires_at = found->session.expires_at;
    principal.user_json = users::UserJson(found->user);
    // A browser never adds Authorization to a cross-site WebSocket handshake by
    // itself, unlike a cookie: only a cookie credential needs the Origin check.
    principal.browser = !sessions.BearerToken(request).has_value();
    return std::optional<Principal>(std::move(principal));
  };
}

RealtimeOptions RealtimeOptionsFrom(const RealtimeSettings& settings) {
  RealtimeOptions options;
  options.max_sockets_per_user = static_cast<std::size_t>(settings.realtime_max_sockets_per_user);
  options.ping_interval = std::chrono::seconds(settings.realtime_ping_interval_s);
  options.max_message_bytes = static_cast<std::size_t>(settings.realtime_max_message_bytes);
  return options;
}

RealtimeFeature::RealtimeFeature(const Services& services, sessions::SessionService& sessions,
                                 const TrustedOrigins& trusted)
    : trusted_(trusted),
      authenticators_{SessionAuthenticator(sessions)},
      service_(services, sessions, RealtimeOptionsFrom(services.config.Get<RealtimeSettings>())) {}

std::span<const std::string_view> RealtimeFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"sessions"};
  return kDeps;
}

std::span<const ErrorInfo> RealtimeFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kTooManySockets};
  return kErrors;
}

Result<void> RealtimeFeature::RegisterRoutes(platform::RouteTable& routes) {
  // The upgrade authenticates itself (Upgrade()): its Origin rule and its
  // JWT authenticator are the WebSocket's own, so it bypasses the table.
  return routes.router().AddWebSocket(
      kWebSocketRoute,
      [this](const http::Request& request, http::RequestContext&) { return Upgrade(request); });
}

Result<void> RealtimeFeature::Start() {
  service_.Start();
  return {};
}

Result<http::WebSocketAccept> RealtimeFeature::Upgrade(const http::Request& request) {
  // Browsers let any page open a WebSocket to us with the user's cookies
  // (no CORS, no preflight): the Origin is the only defence against
  // cross-site WebSocket hijacking, so it is checked before anything else.
  std::optional<std::string_view> origin = request.Header("origin");
  if (origin && *origin == "null") return Fail(MakeError(errors::kMissingOrNullOrigin));
  if (origin && !trusted_.IsTrustedOrigin(*origin)) return Fail(MakeError(errors::kInvalidOrigin));
  std::optional<Principal> principal;
  for (const Authenticator& authenticate : authenticators_) {
    LK_ASSIGN_OR_RETURN(principal, authenticate(request));
    if (principal) break;
  }
  if (!principal) return Fail(MakeError(errors::kUnauthorized));
  // No Origin: not a browser, so the credential must be one a browser would
  // not send on its own.
  if (!origin && principal->browser) return Fail(MakeError(errors::kMissingOrNullOrigin));
  return service_.Accept(std::move(*principal));
}

}  // namespace latchkey::realtime
