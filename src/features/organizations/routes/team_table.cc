// The team routes (docs/organizations.md "Teams"), registered with
// organization_teams on: the session routes, and the organization-scoped
// ones with their permission and OrgRule, applied like every other OrgRoute
// (OrganizationsFeature::Guard).
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "http/route_doc.h"

namespace latchkey::organizations {
namespace {

constexpr http::ResponseDoc kTeamResponses[] = {
    {200, "Better Auth's answer (docs/api.md, Organizations)", R"({})"},
};
constexpr http::RouteDoc kTeamDoc{
    .tag = "Organizations",
    .description = "Better Auth's organization plugin, teams; see docs/organizations.md",
    .responses = kTeamResponses,
};

constexpr std::string_view kName[] = {"name"};
constexpr std::string_view kTeamId[] = {"teamId"};
constexpr std::string_view kTeamAndUser[] = {"teamId", "userId"};

}  // namespace

std::span<const SessionRoute> TeamSessionRoutes() {
  static const SessionRoute kRoutes[] = {
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/set-active-team",
        .auth = http::Auth::kSession,
        .summary = "Sets (or clears) the session's active team",
        .doc = &kTeamDoc},
       &SetActiveTeam},
      {{.method = http::Method::kGet,
        .path = "/api/auth/organization/list-user-teams",
        .auth = http::Auth::kSession,
        .summary = "The teams of the caller (or of a member, with member:update)",
        .doc = &kTeamDoc},
       &ListUserTeams},
      {{.method = http::Method::kGet,
        .path = "/api/auth/organization/list-team-members",
        .auth = http::Auth::kSession,
        .summary = "The members of one of the caller's teams",
        .doc = &kTeamDoc},
       &ListTeamMembers},
  };
  return kRoutes;
}

std::span<const OrgRoute> TeamOrgRoutes() {
  static const OrgRoute kRoutes[] = {
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/create-team",
        .auth = http::Auth::kSession,
        .summary = "Creates a team in an organization",
        .permission = "team:create",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAllowedInvite,  // sic: Better Auth's code here
        .denied = &errors::kNotAllowedCreateTeams},
       &CreateTeam,
       kName},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/update-team",
        .auth = http::Auth::kSession,
        .summary = "Renames a team",
        .permission = "team:update",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.id_in_data = true,
        .no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAllowedUpdateTeam,
        .denied = &errors::kNotAllowedUpdateTeam},
       &UpdateTeam,
       kTeamId},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/remove-team",
        .auth = http::Auth::kSession,
        .summary = "Removes a team with its memberships",
        .permission = "team:delete",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAllowedDeleteTeam,
        .denied = &errors::kNotAllowedDeleteTeams},
       &RemoveTeam,
       kTeamId},
      {{.method = http::Method::kGet,
        .path = "/api/auth/organization/list-teams",
        .auth = http::Auth::kSession,
        .summary = "An organization's teams",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.no_organization = &errors::kNoActive, .not_member = &errors::kNotAllowedAccess},
       &ListTeams},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/add-team-member",
        .auth = http::Auth::kSession,
        .summary = "Adds a member of the organization to a team",
        .permission = "member:update",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotMember400,
        .denied = &errors::kNotAllowedCreateTeamMember},
       &AddTeamMember,
       kTeamAndUser},
      {{.method = http::Method::kPost,
        .path = "/api/auth/organization/remove-team-member",
        .auth = http::Auth::kSession,
        .summary = "Removes a member from a team",
        .permission = "member:delete",
        .permission_scope = kOrganizationScope,
        .doc = &kTeamDoc},
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotMember400,
        .denied = &errors::kNotAllowedRemoveTeamMember},
       &RemoveTeamMember,
       kTeamAndUser},
  };
  return kRoutes;
}

}  // namespace latchkey::organizations
