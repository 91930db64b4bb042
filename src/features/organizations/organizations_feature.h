// Better Auth's organization plugin (docs/organizations.md): organizations,
// members, roles and permissions, invitations by mail and each session's
// active organization and team. Built on the platform's hooks: the active
// organization is a session field; a user's deletion removes their
// memberships, and is refused while they are the only owner of one.
#ifndef LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_
#define LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_

#include <map>
#include <string_view>

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
  // An organization-scoped route as the guard applies it.
  struct ScopedRoute {
    const OrgRoute* route;
    Statements permission;  // RouteSpec::permission, parsed
  };

  Result<void> AddOrgRoutes(platform::RouteTable& routes, std::span<const OrgRoute> table);
  // The platform's "organization" scope guard: parses the body, opens the
  // transaction, applies the route's rule and permission, and runs `next`
  // there with an OrgGrant on the Call. Errors: the rule's.
  Result<http::Response> Guard(const http::Request& request, platform::Call& call,
                               const http::RouteSpec& spec, const platform::Handler& next) const;

  OrgService service_;
  // By path; filled by RegisterRoutes, before any request.
  std::map<std::string_view, ScopedRoute, std::less<>> scoped_;
};

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_FEATURE_H_
