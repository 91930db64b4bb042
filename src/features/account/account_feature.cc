#include "features/account/account_feature.h"

#include "features/account/routes/list_accounts.h"
#include "features/account/routes/update_user.h"

namespace latchkey::account {

std::span<const std::string_view> AccountFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

Result<void> AccountFeature::RegisterRoutes(http::Router& router) {
  LK_TRY(router.Add(kUpdateUserRoute, [this](const http::Request& req, http::RequestContext&) {
    return UpdateUser(req, sessions_);
  }));
  return router.Add(kListAccountsRoute, [this](const http::Request& req, http::RequestContext&) {
    return ListAccounts(req, sessions_);
  });
}

}  // namespace latchkey::account
