// Realtime: GET /api/auth/ws upgrades to a WebSocket that pushes session and
// user events to the signed-in user (docs/websocket.md). The upgrade is
// authenticated like get-session (session cookie or Authorization: Bearer)
// and needs a trusted Origin, or none with a bearer credential.
#ifndef LK_FEATURES_REALTIME_REALTIME_FEATURE_H_
#define LK_FEATURES_REALTIME_REALTIME_FEATURE_H_

#include <functional>
#include <optional>
#include <vector>

#include "core/trusted_origins.h"
#include "features/feature.h"
#include "features/realtime/realtime_docs.h"
#include "features/realtime/realtime_service.h"
#include "features/realtime/realtime_settings.h"
#include "features/sessions/session_service.h"

namespace latchkey::realtime {

inline constexpr http::RouteSpec kWebSocketRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/ws",
    .auth = http::Auth::kSession,
    .summary = "Open the realtime WebSocket (session and user events)",
    .doc = &kWebSocketDoc};

// Recognises one kind of credential on an upgrade request. nullopt = the
// request does not carry this kind (the next authenticator is tried).
// Errors: as the store; the upgrade then fails with that error.
// The extension point for JWT access tokens: add an authenticator after the
// session one (a Principal without `token` is only timed out, not re-checked).
using Authenticator = std::function<Result<std::optional<Principal>>(const http::Request&)>;

// Cookie or Authorization: Bearer session token, resolved as get-session does.
Authenticator SessionAuthenticator(const sessions::SessionService& sessions);

RealtimeOptions RealtimeOptionsFrom(const RealtimeSettings& settings);

class RealtimeFeature final : public Feature {
 public:
  // Options from services.config.Get<RealtimeSettings>().
  RealtimeFeature(const Services& services, sessions::SessionService& sessions,
                  const TrustedOrigins& trusted);
  std::string_view id() const override { return "realtime"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;
  // The realtime worker: only a serving process starts features.
  Result<void> Start() override;
  // Joins the worker and lets go of the sockets, while the drained server
  // still exists (app/commands.cc RunServe).
  void Stop() override { service_.Stop(); }

  // Adds an authenticator tried after the session one (app/ adds JWTs).
  // REQUIRES: before requests are served.
  void AddAuthenticator(Authenticator authenticator) {
    authenticators_.push_back(std::move(authenticator));
  }

  // Errors: INVALID_ORIGIN / MISSING_OR_NULL_ORIGIN (403), UNAUTHORIZED
  // (401), REALTIME_TOO_MANY_SOCKETS (429), store errors.
  Result<http::WebSocketAccept> Upgrade(const http::Request& request);

 private:
  const TrustedOrigins& trusted_;
  std::vector<Authenticator> authenticators_;  // tried in order
  RealtimeService service_;
};

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_REALTIME_FEATURE_H_
