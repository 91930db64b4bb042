// Better Auth's admin plugin (docs/api.md "Administration",
// docs/permissions.md): platform roles and permissions, the authorizer of
// every kAdmin route, bans, and the admin API. Built on the platform's
// hooks: the ban gate is an after-first-factor hook (registered before
// two-factor's, so a banned user is never challenged), the admin fields a
// user-fields hook, the sign-up refusal of those fields a before-sign-up
// hook.
#ifndef LK_FEATURES_ADMIN_ADMIN_FEATURE_H_
#define LK_FEATURES_ADMIN_ADMIN_FEATURE_H_

#include "features/admin/admin_service.h"
#include "features/feature.h"

namespace latchkey::admin {

class AdminFeature final : public Feature {
 public:
  explicit AdminFeature(AdminDeps deps) : service_(std::move(deps)) {}
  std::string_view id() const override { return "admin"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  AdminService service_;
};

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ADMIN_FEATURE_H_
