#include "features/email_password/email_password_feature.h"

namespace latchkey::email_password {

std::span<const std::string_view> EmailPasswordFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

Result<void> EmailPasswordFeature::RegisterRoutes(http::Router& router) {
  LK_TRY(router.Add(kSignUpRoute, [this](const http::Request& req, http::RequestContext&) {
    return SignUpEmail(req, deps_);
  }));
  LK_TRY(router.Add(kSignInRoute, [this](const http::Request& req, http::RequestContext&) {
    return SignInEmail(req, deps_);
  }));
  LK_TRY(router.Add(kVerifyPasswordRoute, [this](const http::Request& req, http::RequestContext&) {
    return deps_.sessions.ExpireDeadCookies(req, VerifyPassword(req, deps_));
  }));
  return router.Add(kChangePasswordRoute, [this](const http::Request& req, http::RequestContext&) {
    return deps_.sessions.ExpireDeadCookies(req, ChangePassword(req, deps_));
  });
}

}  // namespace latchkey::email_password
