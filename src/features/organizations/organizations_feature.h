// Better Auth's organization plugin (docs/organizations.md): organizations,
// members, roles and permissions, invitations by mail and each session's
// active organization and team. Built on the platform's hooks: the active
// organization is a session field; a user's deletion removes their
// memberships, and is refused while they are the only owner of one.
#ifndef LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_
#define LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_

#include "features/feature.h"
#include "features/organizations/org_service.h"
#include "features/organizations/routes/org_routes.h"

namespace latchkey::organizations {

class OrganizationsFeature final : public Feature {
 public:
  explicit OrganizationsFeature(OrgDeps deps) : service_(std::move(deps)) {}
  std::string_view id() const override { return "organizations"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  Result<void> AddOrgRoutes(platform::RouteTable& routes, std::span<const OrgRoute> table);

  OrgService service_;
};

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_
