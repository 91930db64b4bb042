// Sessions: the sessions table, GET /get-session, POST /sign-out, the
// caller's session management and the multi-session routes. It registers
// the session token (cookie or bearer) as a credential of the platform and
// the platform's freshness rule and dead-cookie cleanup. Other features reach
// sessions through the SessionService it is built with.
#ifndef LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_
#define LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_

#include "features/feature.h"
#include "features/sessions/routes/session_routes.h"
#include "features/sessions/session_service.h"

namespace latchkey::sessions {

class SessionsFeature final : public Feature {
 public:
  SessionsFeature(const Services& services, SessionService& sessions)
      : services_(services), sessions_(sessions) {}
  std::string_view id() const override { return "sessions"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  const Services& services_;
  SessionService& sessions_;                // non-const: it installs the user-field loader
  const platform::Hooks* hooks_ = nullptr;  // set by Register()
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSIONS_FEATURE_H_
