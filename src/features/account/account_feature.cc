#include "features/account/account_feature.h"

#include "features/account/account_errors.h"
#include "features/account/routes/delete_user.h"
#include "features/account/routes/list_accounts.h"
#include "features/account/routes/update_user.h"

namespace latchkey::account {

std::span<const std::string_view> AccountFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit", "email-password",
                                               "verification"};
  return kDeps;
}

// Every code this feature defines; app/error_codes.cc checks them at startup.
std::span<const ErrorInfo> AccountFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kSessionExpired, kInvalidToken, kNoUserInfo};
  return kErrors;
}

Result<void> AccountFeature::Register(platform::Platform& platform) {
  hooks_ = &platform.hooks;
  delete_deps_.hooks = hooks_;
  return {};
}

Result<void> AccountFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kUpdateUserRoute, [this](const http::Request& req, platform::Call& call) {
    return UpdateUser(req, call.caller(), services_, sessions_, *hooks_);
  }));
  LK_TRY(routes.Add(kListAccountsRoute, [this](const http::Request&, platform::Call& call) {
    return ListAccounts(call.caller(), services_, sessions_);
  }));
  // Off (Better Auth's default): an empty 404 as for an unknown path, once
  // an API key has been refused there.
  auto when_off = [enabled = delete_deps_.settings.delete_user_enabled](
                      const http::Request&) -> std::optional<http::Response> {
    if (enabled) return std::nullopt;
    return http::Response::Empty(404);
  };
  LK_TRY(routes.Add(kDeleteUserRoute,
                    [this](const http::Request& req, platform::Call& call) {
                      return DeleteUser(req, call.caller(), delete_deps_);
                    },
                    {.answer_first = when_off}));
  return routes.Add(
      kDeleteUserCallbackRoute,
      [this](const http::Request& req, platform::Call& call) {
        return DeleteUserCallback(req, call.caller(), delete_deps_);
      },
      {.answer_first = when_off,
       .check_first =
           [this](const http::Request& req) { return CheckDeleteCallbackUrl(req, delete_deps_); },
       .unauthenticated = &kDeleteCallbackNoUser});
}

}  // namespace latchkey::account
