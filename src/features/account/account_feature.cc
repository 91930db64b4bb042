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

Result<void> AccountFeature::RegisterRoutes(http::Router& router) {
  LK_TRY(router.Add(kUpdateUserRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, UpdateUser(req, sessions_));
  }));
  LK_TRY(router.Add(kListAccountsRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, ListAccounts(req, sessions_));
  }));
  LK_TRY(router.Add(kDeleteUserRoute, [this](const http::Request& req, http::RequestContext&) {
    return sessions_.ExpireDeadCookies(req, DeleteUser(req, delete_deps_));
  }));
  return router.Add(kDeleteUserCallbackRoute,
                    [this](const http::Request& req, http::RequestContext&) {
                      return DeleteUserCallback(req, delete_deps_);
                    });
}

}  // namespace latchkey::account
