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

Result<void> SessionsFeature::RegisterRoutes(http::Router& router) {
  LK_TRY(router.Add(kGetSessionRoute, [this](const http::Request& req, http::RequestContext&) {
    return GetSession(req, sessions_, decorate_);
  }));
  LK_TRY(router.Add(kPostGetSessionRoute, [](const http::Request& req, http::RequestContext&) {
    return PostGetSession(req);
  }));
  LK_TRY(router.Add(kSignOutRoute, [this](const http::Request& req, http::RequestContext&) {
    return SignOut(req, sessions_);
  }));
  LK_TRY(router.Add(kListSessionsRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, ListSessions(req, sessions_));
  }));
  LK_TRY(router.Add(kRevokeSessionRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, RevokeSession(req, sessions_));
  }));
  LK_TRY(router.Add(kRevokeSessionsRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, RevokeSessions(req, sessions_, /*keep_current=*/false));
  }));
  LK_TRY(
      router.Add(kListDeviceSessionsRoute, [this](const http::Request& req, http::RequestContext&) {
        return ListDeviceSessions(req, sessions_);
      }));
  LK_TRY(
      router.Add(kSetActiveSessionRoute, [this](const http::Request& req, http::RequestContext&) {
        return SetActiveSession(req, sessions_);
      }));
  LK_TRY(router.Add(kRevokeDeviceSessionRoute,
                    [this](const http::Request& req, http::RequestContext&) {
                      return sessions_.ExpireDeadCookies(req, RevokeDeviceSession(req, sessions_));
                    }));
  return router.Add(kRevokeOtherSessionsRoute, [this](const http::Request& req,
                                                      http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, RevokeSessions(req, sessions_, /*keep_current=*/true));
  });
}

}  // namespace latchkey::sessions
