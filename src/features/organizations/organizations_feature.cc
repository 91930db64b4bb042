#include "features/organizations/organizations_feature.h"

#include "core/json_writer.h"
#include "features/common/base_errors.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "features/platform/platform.h"
#include "http/body.h"

namespace latchkey::organizations {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> OrganizationsFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> OrganizationsFeature::Migrations() const {
  return EmbeddedMigrations();
}

std::span<const ErrorInfo> OrganizationsFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {
      errors::kInvalidRoles,
      errors::kNotAllowedCreate,
      errors::kOrganizationLimit,
      errors::kAlreadyExists,
      errors::kSlugTaken,
      errors::kNotFound,
      errors::kNotMember400,
      errors::kNotMember403,
      errors::kNotMember401,
      errors::kNotAllowedUpdate,
      errors::kNotAllowedDelete,
      errors::kNoActive,
      errors::kAlreadyMember,
      errors::kMemberNotFound,
      errors::kRoleNotFound,
      errors::kOnlyOwner,
      errors::kWithoutOwner,
      errors::kNotAllowedDeleteMember,
      errors::kNotAllowedInvite,
      errors::kAlreadyInvited,
      errors::kInvitationNotFound,
      errors::kNotRecipient,
      errors::kNotAllowedCancel,
      errors::kNotAllowedListInvitations,
      errors::kNotAllowedInviteRole,
      errors::kNotAllowedUpdateMember,
      errors::kNotAMember,
      errors::kMembershipLimit,
      errors::kInvitationLimit,
      errors::kVerificationForInvitation,
      errors::kLastOwnerOfOrganization,
      errors::kTeamNotFound,
      errors::kTeamLimit,
      errors::kLastTeam,
      errors::kNotAllowedCreateTeams,
      errors::kNotAllowedDeleteTeams,
      errors::kNotAllowedUpdateTeam,
      errors::kNotAllowedDeleteTeam,
      errors::kTeamMemberLimit,
      errors::kNotTeamMember400,
      errors::kNotTeamMember403,
      errors::kNoActiveTeam,
      errors::kNotAllowedCreateTeamMember,
      errors::kNotAllowedRemoveTeamMember,
      errors::kNotAllowedAccess,
      errors::kInvalidTeamId,
      errors::kVerificationBeforeAccept,
      errors::kMustBeInOrgForRole,
      errors::kNotAllowedCreateRole,
      errors::kNotAllowedUpdateRole,
      errors::kNotAllowedDeleteRole,
      errors::kNotAllowedReadRole,
      errors::kNotAllowedListRole,
      errors::kTooManyRoles,
      errors::kInvalidResource,
      errors::kRoleNameTaken,
      errors::kCannotDeletePredefined,
      errors::kRoleAssigned,
      errors::kUserNotFound,
  };
  return kErrors;
}

Result<void> OrganizationsFeature::Register(platform::Platform& platform) {
  LK_TRY(service_.Init(platform.hooks));
  if (!service_.settings().organization) return {};
  // Every permission held in an organization is checked by this guard
  // (docs/organizations.md "Authorization").
  platform.policy.scopes.emplace(
      kOrganizationScope,
      [this](const http::Request& request, platform::Call& call, const http::RouteSpec& spec,
             const platform::Handler& next) { return Guard(request, call, spec, next); });
  // The account pages' role pickers offer the configured roles (and, with
  // dynamic roles, each organization's own, which they list themselves).
  std::string roles;
  json::ObjectWriter(roles)
      .Raw("roles", json::StringArray(service_.access().RoleNames()))
      .Bool("dynamicRoles", service_.settings().organization_dynamic_roles)
      .Close();
  platform.pages.Set("organization", std::move(roles));
  // Better Auth's session.activeOrganizationId (and activeTeamId with
  // teams): null until one is chosen.
  const bool teams = service_.settings().organization_teams;
  platform.hooks.AddSessionFields([teams](store::Transaction& tx,
                                          sessions::SessionWithUser& found) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto active, org_store::FindActiveChoice(tx, found.session.id));
    const auto quoted = [](const std::optional<std::string>& id) {
      return id ? "\"" + *id + "\"" : std::string("null");
    };
    found.session.extra_fields.emplace_back("activeOrganizationId", quoted(active.organization_id));
    if (teams) found.session.extra_fields.emplace_back("activeTeamId", quoted(active.team_id));
    return {};
  });
  // The active organization (and team) in the session's JWT claims, as they
  // are on the session (docs/organizations.md "Data").
  platform.hooks.AddTokenClaims(
      [teams](const sessions::SessionWithUser& found, boost::json::object& claims) {
        const auto active_org = OrgService::ActiveOrganizationId(found);
        claims["activeOrganizationId"] =
            active_org ? boost::json::value(*active_org) : boost::json::value(nullptr);
        if (!teams) return;
        const auto active_team = OrgService::ActiveTeamId(found);
        claims["activeTeamId"] =
            active_team ? boost::json::value(*active_team) : boost::json::value(nullptr);
      });
  // In delete-user's transaction: an organization never loses its last
  // owner that way (the deletion is refused), and the user's memberships go
  // with them.
  platform.hooks.OnUserDeleted([](store::Transaction& tx, const users::User& user) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto sole, org_store::OrganizationsSolelyOwnedBy(tx, user.id));
    if (!sole.empty()) {
      return Fail(MakeError(errors::kLastOwnerOfOrganization, "organization " + sole.front()));
    }
    return org_store::DeleteUserMemberships(tx, user.id);
  });
  return {};
}

namespace {

// RouteSpec::permission ("resource:action", or empty) as the statements the
// caller's roles must grant. Errors: INVALID_ORGANIZATION_ROLES when it is
// malformed or names a statement organization roles cannot hold.
Result<Statements> ParsePermission(const http::RouteSpec& spec) {
  Statements wanted;
  if (spec.permission.empty()) return wanted;
  const auto colon = spec.permission.find(':');
  if (colon != std::string_view::npos) {
    wanted[std::string(spec.permission.substr(0, colon))].emplace(
        spec.permission.substr(colon + 1));
  }
  if (colon == std::string_view::npos || !UnknownStatement(wanted).empty()) {
    return Fail(MakeError(errors::kInvalidRoles, std::string(spec.path) + ": permission '" +
                                                     std::string(spec.permission) +
                                                     "' is no organization statement"));
  }
  return wanted;
}

}  // namespace

// The organization-scoped routes: each registers with its rule's parsed
// permission for the guard; the handler reads what the guard found.
Result<void> OrganizationsFeature::AddOrgRoutes(platform::RouteTable& routes,
                                                std::span<const OrgRoute> table) {
  for (const OrgRoute& route : table) {
    LK_ASSIGN_OR_RETURN(Statements permission, ParsePermission(route.spec));
    scoped_.insert_or_assign(route.spec.path, ScopedRoute{&route, std::move(permission)});
    LK_TRY(routes.Add(route.spec, [this, &route](const http::Request&, platform::Call& call) {
      OrgGrant& grant = call.grant<OrgGrant>();
      return route.handler(grant.tx, service_, grant.call);
    }));
  }
  return {};
}

// The one place organization-scoped routes are authorized: the body is
// parsed, the route's rule and permission applied and the handler run, all
// in one transaction. A route of another feature that declares the scope
// gets the default rule: `organizationId` or the active organization.
Result<http::Response> OrganizationsFeature::Guard(const http::Request& request,
                                                   platform::Call& call,
                                                   const http::RouteSpec& spec,
                                                   const platform::Handler& next) const {
  static const OrgRule kDefaultRule{.no_organization = &errors::kNoActive,
                                    .not_member = &errors::kNotAMember,
                                    .denied = &errors::kNotAllowedAccess};
  const auto found = scoped_.find(spec.path);
  const OrgRoute* route = found == scoped_.end() ? nullptr : found->second.route;
  Statements foreign;
  if (route == nullptr) {
    LK_ASSIGN_OR_RETURN(foreign, ParsePermission(spec));
  }
  const Statements& permission = route == nullptr ? foreign : found->second.permission;
  const OrgRule& rule = route == nullptr ? kDefaultRule : route->rule;
  boost::json::object body;
  if (request.method != http::Method::kGet) {
    LK_ASSIGN_OR_RETURN(body, http::ParseRequiredBody(request, /*allow_form=*/false));
    if (route != nullptr) {
      for (std::string_view field : route->required) LK_TRY(http::RequiredString(body, field));
    }
  }
  const sessions::SessionWithUser& caller = call.caller();
  return store::InTransaction(
      service_.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(Authorized admitted,
                            service_.Authorize(tx, rule, permission, request, body, caller));
        OrgGrant grant{tx, OrgCall{request, caller, body, std::move(admitted.organization),
                                   std::move(admitted.member), std::move(admitted.invitation)}};
        call.set_grant(&grant);
        return next(request, call);
      });
}

Result<void> OrganizationsFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!service_.settings().organization) return {};
  for (const SessionRoute& route : SessionRoutes()) {
    const SessionHandler handler = route.handler;
    LK_TRY(routes.Add(route.spec, [this, handler](const http::Request& req, platform::Call& call) {
      return handler(req, service_, call.caller());
    }));
  }
  LK_TRY(AddOrgRoutes(routes, OrgRoutes()));
  if (service_.settings().organization_add_member) LK_TRY(AddOrgRoutes(routes, AddMemberRoutes()));
  if (service_.settings().organization_dynamic_roles) LK_TRY(AddOrgRoutes(routes, RoleRoutes()));
  if (!service_.settings().organization_teams) return {};
  for (const SessionRoute& route : TeamSessionRoutes()) {
    const SessionHandler handler = route.handler;
    LK_TRY(routes.Add(route.spec, [this, handler](const http::Request& req, platform::Call& call) {
      return handler(req, service_, call.caller());
    }));
  }
  LK_TRY(AddOrgRoutes(routes, TeamOrgRoutes()));
  return {};
}

}  // namespace latchkey::organizations
