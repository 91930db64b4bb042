#include "features/account/account_feature.h"

#include "features/account/routes/update_user.h"

namespace latchkey::account {

std::span<const std::string_view> AccountFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

Result<void> AccountFeature::RegisterRoutes(http::Router& router) {
  return router.Add(kUpdateUserRoute, [this](const http::Request& req, http::RequestContext&) {
    return UpdateUser(req, sessions_);
  });
}

}  // namespace latchkey::account
