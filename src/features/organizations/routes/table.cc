// Every organization route and what it needs (docs/organizations.md
// "Authorization"): the session routes, and the organization-scoped routes
// with their OrgRule. The rules are the whole authorization of those routes;
// the feature applies them in one place (OrganizationsFeature::RegisterRoutes).
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"

namespace latchkey::organizations {
namespace {

using http::Auth;
using http::Method;

constexpr http::RouteSpec Spec(Method method, std::string_view path, std::string_view summary) {
  return {.method = method, .path = path, .auth = Auth::kSession, .summary = summary};
}

constexpr std::string_view kOrganizationId[] = {"organizationId"};
constexpr std::string_view kInvitationId[] = {"invitationId"};

}  // namespace

std::span<const SessionRoute> SessionRoutes() {
  static const SessionRoute kRoutes[] = {
      {Spec(Method::kPost, "/api/auth/organization/create",
            "Creates an organization; the caller becomes its owner"),
       &CreateOrganization},
      {Spec(Method::kPost, "/api/auth/organization/check-slug", "Whether a slug is free"),
       &CheckSlug},
      {Spec(Method::kGet, "/api/auth/organization/list", "The caller's organizations"),
       &ListOrganizations},
      {Spec(Method::kPost, "/api/auth/organization/set-active",
            "Sets (or clears) the session's active organization"),
       &SetActiveOrganization},
      {Spec(Method::kGet, "/api/auth/organization/get-full-organization",
            "An organization with its members and invitations"),
       &GetFullOrganization},
      {Spec(Method::kPost, "/api/auth/organization/accept-invitation",
            "Accepts an invitation sent to the caller's address"),
       &AcceptInvitation},
      {Spec(Method::kPost, "/api/auth/organization/reject-invitation",
            "Rejects an invitation sent to the caller's address"),
       &RejectInvitation},
      {Spec(Method::kGet, "/api/auth/organization/get-invitation",
            "An invitation sent to the caller's address"),
       &GetInvitation},
      {Spec(Method::kGet, "/api/auth/organization/list-user-invitations",
            "The pending invitations to the caller's (verified) address"),
       &ListUserInvitations},
  };
  return kRoutes;
}

std::span<const OrgRoute> OrgRoutes() {
  static const OrgRoute kRoutes[] = {
      {Spec(Method::kPost, "/api/auth/organization/update", "Updates an organization"),
       {.no_organization = &errors::kNotFound,
        .not_member = &errors::kNotMember400,
        .permission = {{"organization", {"update"}}},
        .denied = &errors::kNotAllowedUpdate},
       &UpdateOrganization},
      {Spec(Method::kPost, "/api/auth/organization/delete",
            "Deletes an organization with its members and invitations"),
       {.active_fallback = false,
        .no_organization = &errors::kNotFound,
        .not_member = &errors::kNotMember400,
        .permission = {{"organization", {"delete"}}},
        .denied = &errors::kNotAllowedDelete},
       &DeleteOrganization,
       kOrganizationId},
      {Spec(Method::kGet, "/api/auth/organization/get-organization", "An organization"),
       {.slug_allowed = true,
        .not_found = &errors::kNotFound,
        .no_organization = &errors::kNoActive,
        .not_member = &errors::kNotMember403},
       &GetOrganization},
      {Spec(Method::kGet, "/api/auth/organization/get-active-member",
            "The caller's membership in the active organization"),
       {.no_organization = &errors::kNoActive, .not_member = &errors::kMemberNotFound},
       &GetActiveMember},
      {Spec(Method::kGet, "/api/auth/organization/get-active-member-role",
            "The role of the caller (or of a member) in an organization"),
       {.slug_allowed = true,
        .no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember},
       &GetActiveMemberRole},
      {Spec(Method::kGet, "/api/auth/organization/list-members",
            "An organization's members, paged and sorted, with the total"),
       {.slug_allowed = true,
        .no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember},
       &ListMembers},
      {Spec(Method::kPost, "/api/auth/organization/remove-member", "Removes a member"),
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kMemberNotFound,
        .permission = {{"member", {"delete"}}},
        .denied = &errors::kNotAllowedDeleteMember},
       &RemoveMember},
      {Spec(Method::kPost, "/api/auth/organization/update-member-role", "Changes a member's roles"),
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kMemberNotFound,
        .permission = {{"member", {"update"}}},
        .denied = &errors::kNotAllowedUpdateMember},
       &UpdateMemberRole},
      {Spec(Method::kPost, "/api/auth/organization/leave", "Leaves an organization"),
       {.active_fallback = false,
        .no_organization = &errors::kMemberNotFound,
        .not_member = &errors::kMemberNotFound},
       &Leave,
       kOrganizationId},
      {Spec(Method::kPost, "/api/auth/organization/has-permission",
            "Whether the caller's roles grant permissions in an organization"),
       {.no_organization = &errors::kNoActive, .not_member = &errors::kNotMember401},
       &HasPermission},
      {Spec(Method::kPost, "/api/auth/organization/invite-member", "Invites an address by mail"),
       {.no_organization = &errors::kNotFound,
        .not_member = &errors::kMemberNotFound,
        .permission = {{"invitation", {"create"}}},
        .denied = &errors::kNotAllowedInvite},
       &InviteMember},
      {Spec(Method::kPost, "/api/auth/organization/cancel-invitation",
            "Cancels a pending invitation"),
       {.from_invitation = true,
        .no_organization = &errors::kInvitationNotFound,
        .not_member = &errors::kMemberNotFound,
        .permission = {{"invitation", {"cancel"}}},
        .denied = &errors::kNotAllowedCancel},
       &CancelInvitation,
       kInvitationId},
      {Spec(Method::kGet, "/api/auth/organization/list-invitations",
            "An organization's invitations"),
       {.no_organization = &errors::kNoActive,
        .not_member = &errors::kNotAMember,
        .permission = {{"invitation", {"create"}}},
        .denied = &errors::kNotAllowedListInvitations},
       &ListInvitations},
  };
  return kRoutes;
}

}  // namespace latchkey::organizations
