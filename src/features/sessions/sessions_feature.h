// Sessions: the sessions table, GET /get-session and POST /sign-out. Other
// features reach sessions through the SessionService it is built with.
#ifndef LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_
#define LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_

#include "features/feature.h"
#include "features/sessions/routes/session_routes.h"
#include "features/sessions/session_service.h"

namespace latchkey::sessions {

class SessionsFeature final : public Feature {
 public:
  // `decorate` (may be empty) adds to every get-session response that
  // resolved a session: the jwt feature's set-auth-jwt header.
  SessionsFeature(const SessionService& sessions, SessionResponseHook decorate = nullptr)
      : sessions_(sessions), decorate_(std::move(decorate)) {}
  std::string_view id() const override { return "sessions"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(http::Router& router) override;

 private:
  const SessionService& sessions_;
  SessionResponseHook decorate_;
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_
