#include "features/sessions/sessions_feature.h"

#include "features/sessions/routes/multi_session.h"
#include "features/sessions/routes/session_management.h"
#include "features/sessions/routes/session_routes.h"
#include "features/sessions/session_errors.h"

namespace latchkey::sessions {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> SessionsFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "audit"};
  return kDeps;
}

std::span<const store::Migration> SessionsFeature::Migrations() const {
  return EmbeddedMigrations();
}

// Every code this feature defines; app/error_codes.cc checks them at startup.
std::span<const ErrorInfo> SessionsFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kInvalidSessionToken, kDeferRequired};
  return kErrors;
}

Result<void> SessionsFeature::Register(platform::Platform& platform) {
  hooks_ = &platform.hooks;
  // The session token, from the bearer header or the signed cookie: asked
  // after credentials that win over a cookie (an API key).
  platform.credentials.Add(
      "session-token", 200,
      [this](const http::Request& request,
             const http::RouteSpec&) -> Result<std::optional<platform::Principal>> {
        auto token = sessions_.TokenFromRequest(request);
        if (!token) return std::optional<platform::Principal>();
        LK_ASSIGN_OR_RETURN(auto found, sessions_.Resolve(*token));
        if (!found) return std::optional<platform::Principal>();
        // Every use, cached or not (session binding refuses here).
        LK_TRY(sessions_.CheckUse(request, *found));
        return std::optional<platform::Principal>(platform::Principal{std::move(*found)});
      });
  platform.policy.require_fresh = [this](const platform::Principal& principal) {
    return sessions_.RequireFresh(principal.session());
  };
  platform.policy.on_unauthenticated = [this](const http::Request& request,
                                              http::Response& response) {
    sessions_.ExpireDeadCookies(request, response);
  };
  return {};
}

Result<void> SessionsFeature::RegisterRoutes(platform::RouteTable& routes) {
  // Every feature has registered its hooks by now (Register() runs first).
  if (hooks_->HasUserFields() || hooks_->HasSessionFields()) {
    const platform::Hooks* hooks = hooks_;
    sessions_.SetFieldLoader(
        [hooks](store::Transaction& tx, SessionWithUser& found) -> Result<void> {
          LK_TRY(hooks->LoadUserFields(tx, found.user));
          return hooks->LoadSessionFields(tx, found);
        });
  }
  if (hooks_->HasSessionUsedHooks()) {
    const platform::Hooks* hooks = hooks_;
    sessions_.SetUseCheck(
        [hooks](const http::Request& request, const SessionWithUser& found, bool refresh) {
          return hooks->RunSessionUsed({request, found, refresh});
        });
  }
  LK_TRY(routes.Add(kGetSessionRoute, [this, &routes](const http::Request& req, platform::Call&) {
    return GetSession(req, services_, sessions_, routes, *hooks_);
  }));
  LK_TRY(routes.Add(kPostGetSessionRoute,
                    [](const http::Request& req, platform::Call&) { return PostGetSession(req); }));
  LK_TRY(routes.Add(kSignOutRoute, [this](const http::Request& req, platform::Call&) {
    return SignOut(req, services_, sessions_);
  }));
  LK_TRY(routes.Add(kListSessionsRoute, [this](const http::Request&, platform::Call& call) {
    return ListSessions(call.caller(), services_, sessions_, *hooks_);
  }));
  LK_TRY(routes.Add(kRevokeSessionRoute, [this](const http::Request& req, platform::Call& call) {
    return RevokeSession(req, call.caller(), services_, sessions_);
  }));
  LK_TRY(routes.Add(kRevokeSessionsRoute, [this](const http::Request& req, platform::Call& call) {
    return RevokeSessions(req, call.caller(), services_, sessions_, *hooks_,
                          /*keep_current=*/false);
  }));
  LK_TRY(routes.Add(kRevokeOtherSessionsRoute, [this](const http::Request& req,
                                                      platform::Call& call) {
    return RevokeSessions(req, call.caller(), services_, sessions_, *hooks_, /*keep_current=*/true);
  }));
  LK_TRY(routes.Add(kListDeviceSessionsRoute, [this](const http::Request& req, platform::Call&) {
    return ListDeviceSessions(req, sessions_);
  }));
  LK_TRY(routes.Add(kSetActiveSessionRoute, [this](const http::Request& req, platform::Call&) {
    return SetActiveSession(req, sessions_);
  }));
  return routes.Add(kRevokeDeviceSessionRoute,
                    [this](const http::Request& req, platform::Call& call) {
                      return RevokeDeviceSession(req, call.caller(), services_, sessions_);
                    },
                    {.check_first = [](const http::Request& req) -> Result<void> {
                      LK_TRY(RevokeDeviceSessionInput(req));
                      return {};
                    }});
}

}  // namespace latchkey::sessions
