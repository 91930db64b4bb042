#include "features/email_password/email_password_feature.h"

namespace latchkey::email_password {

std::span<const std::string_view> EmailPasswordFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

Result<void> EmailPasswordFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kSignUpRoute, [this](const http::Request& req, platform::Call&) {
    return SignUpEmail(req, deps_);
  }));
  LK_TRY(routes.Add(kSignInRoute, [this](const http::Request& req, platform::Call&) {
    return SignInEmail(req, deps_);
  }));
  LK_TRY(routes.Add(kVerifyPasswordRoute,
                    [this](const http::Request& req, platform::Call& call) {
                      return VerifyPassword(req, call.caller(), deps_);
                    },
                    {.check_first = [](const http::Request& req) -> Result<void> {
                      LK_TRY(VerifyPasswordInput(req));
                      return {};
                    }}));
  return routes.Add(kChangePasswordRoute, [this](const http::Request& req, platform::Call& call) {
    return ChangePassword(req, call.caller(), deps_);
  });
}

}  // namespace latchkey::email_password
