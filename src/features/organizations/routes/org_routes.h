// The organization plugin's HTTP routes (docs/organizations.md). Routes
// scoped to one organization are OrgRoutes: their RouteSpec's permission in
// the organization scope and their OrgRule (which organization, which
// errors) are applied by the feature's organization guard before the
// handler runs, in the handler's transaction; the handler never looks the
// caller's membership up itself.
#ifndef LK_FEATURES_ORGANIZATIONS_ROUTES_ORG_ROUTES_H_
#define LK_FEATURES_ORGANIZATIONS_ROUTES_ORG_ROUTES_H_

#include <span>
#include <string>
#include <utility>

#include "features/organizations/org_service.h"
#include "features/organizations/team_store.h"
#include "http/route.h"

namespace latchkey::organizations {

// A 200 answer with a JSON body, as a route handler returns it.
inline Result<http::Response> Json(std::string body) {
  return http::Response::Json(std::move(body));
}

// A route that needs a session, no organization.
using SessionHandler = Result<http::Response> (*)(const http::Request&, const OrgService&,
                                                  const sessions::SessionWithUser&);
struct SessionRoute {
  http::RouteSpec spec;
  SessionHandler handler;
};

// A route scoped to one organization: `rule` holds before `handler` runs.
using OrgHandler = Result<http::Response> (*)(store::Transaction&, const OrgService&, OrgCall&);
struct OrgRoute {
  http::RouteSpec spec;
  OrgRule rule;
  OrgHandler handler;
  // Body fields checked before the rule, as Better Auth's schema does.
  std::span<const std::string_view> required = {};
};

std::span<const SessionRoute> SessionRoutes();  // routes/*.cc
std::span<const OrgRoute> OrgRoutes();          // routes/table.cc
// With organization_add_member only (routes/table.cc).
std::span<const OrgRoute> AddMemberRoutes();
// With organization_teams only (routes/team_table.cc).
std::span<const SessionRoute> TeamSessionRoutes();
std::span<const OrgRoute> TeamOrgRoutes();
// With organization_dynamic_roles only (routes/role_table.cc).
std::span<const OrgRoute> RoleRoutes();

// organizations.cc
Result<http::Response> CreateOrganization(const http::Request&, const OrgService&,
                                          const sessions::SessionWithUser&);
Result<http::Response> CheckSlug(const http::Request&, const OrgService&,
                                 const sessions::SessionWithUser&);
Result<http::Response> ListOrganizations(const http::Request&, const OrgService&,
                                         const sessions::SessionWithUser&);
Result<http::Response> SetActiveOrganization(const http::Request&, const OrgService&,
                                             const sessions::SessionWithUser&);
Result<http::Response> GetFullOrganization(const http::Request&, const OrgService&,
                                           const sessions::SessionWithUser&);
Result<http::Response> UpdateOrganization(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> DeleteOrganization(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> GetOrganization(store::Transaction&, const OrgService&, OrgCall&);

// members.cc
Result<http::Response> GetActiveMember(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> GetActiveMemberRole(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> ListMembers(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> RemoveMember(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> UpdateMemberRole(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> Leave(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> HasPermission(store::Transaction&, const OrgService&, OrgCall&);

// add_member.cc
Result<http::Response> AddMember(store::Transaction&, const OrgService&, OrgCall&);

// invitations.cc
Result<http::Response> InviteMember(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> CancelInvitation(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> ListInvitations(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> AcceptInvitation(const http::Request&, const OrgService&,
                                        const sessions::SessionWithUser&);
Result<http::Response> RejectInvitation(const http::Request&, const OrgService&,
                                        const sessions::SessionWithUser&);
Result<http::Response> GetInvitation(const http::Request&, const OrgService&,
                                     const sessions::SessionWithUser&);
Result<http::Response> ListUserInvitations(const http::Request&, const OrgService&,
                                           const sessions::SessionWithUser&);

// teams.cc
Result<http::Response> CreateTeam(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> UpdateTeam(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> RemoveTeam(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> ListTeams(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> AddTeamMember(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> RemoveTeamMember(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> SetActiveTeam(const http::Request&, const OrgService&,
                                     const sessions::SessionWithUser&);
Result<http::Response> ListUserTeams(const http::Request&, const OrgService&,
                                     const sessions::SessionWithUser&);
Result<http::Response> ListTeamMembers(const http::Request&, const OrgService&,
                                       const sessions::SessionWithUser&);

// roles.cc
Result<http::Response> CreateRole(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> UpdateRole(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> DeleteRole(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> ListRoles(store::Transaction&, const OrgService&, OrgCall&);
Result<http::Response> GetRole(store::Transaction&, const OrgService&, OrgCall&);

// Teams an invitation or a new organization puts the user in (teams.cc).
// Creates the team membership unless it exists; the team member limit
// holds. Errors: TEAM_MEMBER_LIMIT_REACHED.
Result<org_store::TeamMember> JoinTeam(store::Transaction& tx, const OrgService& service,
                                       std::string_view team_id, std::string_view user_id);

// Shared by the handlers: a member's roles from `role` (a string or an
// array of strings), every one known. Errors: VALIDATION_ERROR, ROLE_NOT_FOUND.
Result<std::string> ParseRoleField(const boost::json::object& body, const OrgAccess& access);

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ROUTES_ORG_ROUTES_H_
