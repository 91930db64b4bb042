// The dynamic-role routes (docs/organizations.md "Dynamic roles"),
// registered with organization_dynamic_roles on; each an OrgRoute whose rule
// wants the `ac` action it performs.
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "http/route_doc.h"

namespace latchkey::organizations {
namespace {

constexpr http::ResponseDoc kRoleResponses[] = {
    {200, "Better Auth's answer (docs/api.md, Organizations)", R"({})"},
};
constexpr http::RouteDoc kRoleDoc{
    .tag = "Organizations",
    .description = "Better Auth's organization plugin, dynamic roles; see docs/organizations.md",
    .responses = kRoleResponses,
};

}  // namespace

std::span<const OrgRoute> RoleRoutes() {
  static const OrgRoute kRoutes[] = {
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/create-role",
        .auth = http::Auth::kSession,
        .summary = "Defines a role of an organization",
        .permission = "ac:create",
        .permission_scope = kOrganizationScope,
        .doc = &kRoleDoc},
       {.no_organization = &errors::kMustBeInOrgForRole,
        .not_member = &errors::kNotAMember,
        .denied = &errors::kNotAllowedCreateRole},
       &CreateRole},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/update-role",
        .auth = http::Auth::kSession,
        .summary = "Renames a role of an organization or changes its permission",
        .permission = "ac:update",
        .permission_scope = kOrganizationScope,
        .doc = &kRoleDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember,
        .denied = &errors::kNotAllowedUpdateRole},
       &UpdateRole},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/delete-role",
        .auth = http::Auth::kSession,
        .summary = "Deletes a role of an organization that no member holds",
        .permission = "ac:delete",
        .permission_scope = kOrganizationScope,
        .doc = &kRoleDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember,
        .denied = &errors::kNotAllowedDeleteRole},
       &DeleteRole},
      {{.method = http::Method::kGet,
        .path = "/api/auth/organization/list-roles",
        .auth = http::Auth::kSession,
        .summary = "An organization's own roles",
        .permission = "ac:read",
        .permission_scope = kOrganizationScope,
        .doc = &kRoleDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember,
        .denied = &errors::kNotAllowedListRole},
       &ListRoles},
      {{.method = http::Method::kGet,
        .path = "/api/auth/organization/get-role",
        .auth = http::Auth::kSession,
        .summary = "One of an organization's own roles",
        .permission = "ac:read",
        .permission_scope = kOrganizationScope,
        .doc = &kRoleDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember,
        .denied = &errors::kNotAllowedReadRole},
       &GetRole},
  };
  return kRoutes;
}

}  // namespace latchkey::organizations
