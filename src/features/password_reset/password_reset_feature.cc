#include "features/password_reset/password_reset_feature.h"

#include "features/password_reset/password_reset_errors.h"
#include "features/password_reset/reset_docs.h"

namespace latchkey::password_reset {
namespace {

constexpr http::RouteSpec kRequestRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/request-password-reset",
    .body_limit = std::size_t{4} * 1024,
    .rate_limit_bucket = "password-reset-mail",
    .summary = "Mails a password-reset link (same answer whether or not the e-mail exists)",
    .doc = &kRequestDoc,
};
constexpr http::RouteSpec kCheckLinkRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/reset-password/:token",
    .rate_limit_bucket = "reset-password",
    .summary = "Checks a reset link and redirects to callbackURL with the token or an error",
    .doc = &kCheckLinkDoc,
};
constexpr http::RouteSpec kResetRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/reset-password",
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "reset-password",
    .summary = "Sets a new password with a reset token; ends every session of the user",
    .doc = &kResetDoc,
};

}  // namespace

std::span<const std::string_view> PasswordResetFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit", "email-password",
                                               "verification"};
  return kDeps;
}

// Every code this feature defines; app/error_codes.cc checks them at startup.
std::span<const ErrorInfo> PasswordResetFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kInvalidToken};
  return kErrors;
}

Result<void> PasswordResetFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kRequestRoute, [this](const http::Request& req, platform::Call&) {
    return RequestPasswordReset(req, deps_);
  }));
  LK_TRY(routes.Add(kCheckLinkRoute, [this](const http::Request& req, platform::Call&) {
    return CheckResetLink(req, deps_);
  }));
  return routes.Add(kResetRoute, [this](const http::Request& req, platform::Call&) {
    return ResetPassword(req, deps_);
  });
}

}  // namespace latchkey::password_reset
