// invite-member, cancel-invitation, list-invitations (organization-scoped:
// the organization guard checked the caller), and the invitee's get-invitation,
// accept-invitation, reject-invitation and list-user-invitations, which only
// the invited address may use (docs/organizations.md "Invitations").
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

constexpr TimeMs kInvitationLifetimeMs = TimeMs{48} * 3600 * 1000;  // Better Auth: 48 hours

std::string AcceptUrl(const OrgService& service, std::string_view id) {
  std::string url = service.settings().organization_invitation_url;
  if (url.empty())
    return service.deps().services.config.base_url + "/accept-invitation/" + std::string(id);
  const auto at = url.find("{id}");
  if (at == std::string::npos) return url + std::string(id);
  return url.replace(at, 4, id);
}

Result<void> MailInvitation(store::Transaction& tx, const OrgService& service, const OrgCall& call,
                            const org_store::Invitation& invitation) {
  const Config& config = service.deps().services.config;
  return service.deps().mail.Send(
      tx, ComposeMail(config, invitation.email,
                      {.subject = "You are invited to " + call.organization.name,
                       .greeting_name = "",
                       .before = {call.caller.user.name + " (" + call.caller.user.email +
                                  ") invites you to join " + call.organization.name + " as " +
                                  invitation.role + "."},
                       .action_label = "Accept the invitation",
                       .action_url = AcceptUrl(service, invitation.id),
                       .after = {"The invitation expires in 48 hours. If you do not know the "
                                 "sender, ignore this mail."}}));
}

// The invitation the body's invitationId names, for its recipient only.
// Errors: INVITATION_NOT_FOUND (also when expired or no longer pending),
// YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION, `unverified` when the setting
// wants a verified address and the caller's is not.
Result<org_store::Invitation> RecipientInvitation(store::Transaction& tx, const OrgService& service,
                                                  std::string_view id,
                                                  const sessions::SessionWithUser& caller,
                                                  bool check_expiry, const ErrorInfo& unverified) {
  LK_ASSIGN_OR_RETURN(auto invitation, org_store::FindInvitation(tx, id));
  if (!invitation || invitation->status != "pending" ||
      (check_expiry && invitation->expires_at < service.Now())) {
    return Fail(MakeError(errors::kInvitationNotFound));
  }
  if (validation::LowerAscii(invitation->email) != validation::LowerAscii(caller.user.email)) {
    return Fail(MakeError(errors::kNotRecipient));
  }
  if (service.settings().organization_require_email_verification_on_invitation &&
      !caller.user.email_verified) {
    return Fail(MakeError(unverified));
  }
  return std::move(*invitation);
}

Result<void> AuditInvitation(store::Transaction& tx, const OrgService& service,
                             const http::Request& request, const sessions::SessionWithUser& caller,
                             std::string_view type, const org_store::Invitation& invitation) {
  std::string change;
  json::ObjectWriter(change)
      .String("invitation_id", invitation.id)
      .String("email", invitation.email)
      .String("role", invitation.role)
      .Close();
  return service.Audit(tx, request, caller, type, invitation.organization_id, {}, change);
}

// The teams of invite-member's `teamId` (a string or an array of strings),
// joined as Better Auth stores them; nullopt when none. Each must be a team
// of the organization with room for one more member. Errors:
// VALIDATION_ERROR (also when teams are off), INVALID_TEAM_ID,
// TEAM_NOT_FOUND, TEAM_MEMBER_LIMIT_REACHED.
Result<std::optional<std::string>> InvitedTeams(store::Transaction& tx, const OrgService& service,
                                                const OrgCall& call) {
  const auto* value = call.body.if_contains("teamId");
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!service.settings().organization_teams) {
    return Fail(validation::FieldError("teamId", "Teams are not enabled"));
  }
  std::vector<std::string> ids;
  if (value->is_string()) {
    ids.emplace_back(value->as_string());
  } else if (value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) {
        return Fail(validation::FieldError("teamId", "Invalid input: expected string"));
      }
      ids.emplace_back(item.as_string());
    }
  } else {
    return Fail(validation::FieldError("teamId", "Invalid input: expected string or array"));
  }
  if (ids.empty()) return std::optional<std::string>();
  const std::int64_t limit = service.settings().organization_team_member_limit;
  for (const std::string& id : ids) {
    if (id.find(',') != std::string::npos) return Fail(MakeError(errors::kInvalidTeamId));
    LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, id));
    if (!team || team->organization_id != call.organization.id) {
      return Fail(MakeError(errors::kTeamNotFound));
    }
    if (limit > 0) {
      LK_ASSIGN_OR_RETURN(std::int64_t count, org_store::CountTeamMembers(tx, id));
      if (count >= limit) return Fail(MakeError(errors::kTeamMemberLimit));
    }
  }
  return std::optional<std::string>(JoinRoles(ids));
}

// Accepting puts the invitee in the invitation's teams; one team becomes
// the session's active team (Better Auth). Errors: TEAM_NOT_FOUND,
// TEAM_MEMBER_LIMIT_REACHED.
Result<void> JoinInvitedTeams(store::Transaction& tx, const OrgService& service,
                              const org_store::Invitation& invitation,
                              const sessions::SessionWithUser& caller) {
  if (!service.settings().organization_teams || !invitation.team_id) return {};
  const std::vector<std::string> ids = SplitRoles(*invitation.team_id);
  for (const std::string& id : ids) {
    LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, id));
    if (!team || team->organization_id != invitation.organization_id) {
      return Fail(MakeError(errors::kTeamNotFound));
    }
    LK_TRY(JoinTeam(tx, service, id, caller.user.id));
  }
  if (ids.size() == 1) LK_TRY(service.SetActiveTeam(tx, caller, ids.front()));
  return {};
}

}  // namespace

Result<http::Response> InviteMember(store::Transaction& tx, const OrgService& service,
                                    OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string raw_email, validation::RequireString(call.body, "email", 320));
  const std::string email = validation::LowerAscii(raw_email);
  if (!validation::IsValidEmail(email)) return Fail(MakeError(::latchkey::errors::kInvalidEmail));
  LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, call.organization.id));
  LK_ASSIGN_OR_RETURN(std::string roles, ParseRoleField(call.body, access));
  LK_ASSIGN_OR_RETURN(auto resend, validation::OptionalBool(call.body, "resend"));
  LK_ASSIGN_OR_RETURN(auto team_ids, InvitedTeams(tx, service, call));
  const bool caller_owner = HasRole(call.member.role, kOwnerRole);
  if (!caller_owner && HasRole(roles, kOwnerRole)) {
    return Fail(MakeError(errors::kNotAllowedInviteRole));
  }
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, email));
  if (user) {
    LK_ASSIGN_OR_RETURN(auto member, org_store::FindMember(tx, call.organization.id, user->id));
    if (member) return Fail(MakeError(errors::kAlreadyMember));
  }
  const TimeMs now = service.Now();
  LK_ASSIGN_OR_RETURN(auto pending,
                      org_store::FindPendingInvitation(tx, call.organization.id, email, now));
  if (pending && !resend.value_or(false)) return Fail(MakeError(errors::kAlreadyInvited));
  if (pending) {
    // A resend refreshes the invitation: the same id, a new expiry, the role asked now.
    if (!caller_owner && HasRole(pending->role, kOwnerRole)) {
      return Fail(MakeError(errors::kNotAllowedInviteRole));
    }
    pending->expires_at = now + kInvitationLifetimeMs;
    pending->role = roles;
    LK_TRY(org_store::RefreshInvitation(tx, pending->id, roles, pending->expires_at));
    LK_TRY(MailInvitation(tx, service, call, *pending));
    LK_TRY(AuditInvitation(tx, service, call.request, call.caller, "organization.invitation_resend",
                           *pending));
    return Json(InvitationJson(*pending));
  }
  LK_ASSIGN_OR_RETURN(std::int64_t count,
                      org_store::CountPendingInvitations(tx, call.organization.id, now));
  if (count >= service.settings().organization_invitation_limit) {
    return Fail(MakeError(errors::kInvitationLimit));
  }
  org_store::Invitation invitation{.id = crypto::RandomAlnum(32),
                                   .organization_id = call.organization.id,
                                   .email = email,
                                   .role = roles,
                                   .status = "pending",
                                   .expires_at = now + kInvitationLifetimeMs,
                                   .created_at = now,
                                   .inviter_id = call.caller.user.id,
                                   .team_id = team_ids};
  LK_TRY(org_store::CreateInvitation(tx, invitation));
  LK_TRY(MailInvitation(tx, service, call, invitation));
  LK_TRY(AuditInvitation(tx, service, call.request, call.caller, "organization.invitation_create",
                         invitation));
  return Json(InvitationJson(invitation));
}

Result<http::Response> CancelInvitation(store::Transaction& tx, const OrgService& service,
                                        OrgCall& call) {
  org_store::Invitation invitation = *call.invitation;
  LK_TRY(org_store::SetInvitationStatus(tx, invitation.id, "canceled"));
  invitation.status = "canceled";
  LK_TRY(AuditInvitation(tx, service, call.request, call.caller, "organization.invitation_cancel",
                         invitation));
  return Json(InvitationJson(invitation));
}

Result<http::Response> ListInvitations(store::Transaction& tx, const OrgService&, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(auto all, org_store::ListInvitations(tx, call.organization.id));
  const bool owner = HasRole(call.member.role, kOwnerRole);
  std::vector<org_store::Invitation> shown;
  for (auto& inv : all) {
    if (owner || !HasRole(inv.role, kOwnerRole)) shown.push_back(std::move(inv));
  }
  return Json(JsonArray(shown, [](const auto& inv) { return InvitationJson(inv); }));
}

Result<http::Response> AcceptInvitation(const http::Request& request, const OrgService& service,
                                        const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string id, validation::RequireString(body, "invitationId", 128));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(
            auto invitation,
            RecipientInvitation(tx, service, id, caller, true, errors::kVerificationBeforeAccept));
        LK_ASSIGN_OR_RETURN(auto org, org_store::FindOrganization(tx, invitation.organization_id));
        if (!org) return Fail(MakeError(errors::kNotFound));
        LK_ASSIGN_OR_RETURN(std::int64_t members, org_store::CountMembers(tx, org->id));
        if (members >= service.settings().organization_member_limit) {
          return Fail(MakeError(errors::kMembershipLimit));
        }
        LK_TRY(service.CheckLimit(tx, request, "organization", org->id, "members_per_organization",
                                  members));
        LK_ASSIGN_OR_RETURN(auto existing, org_store::FindMember(tx, org->id, caller.user.id));
        if (existing) return Fail(MakeError(errors::kAlreadyMember));
        LK_TRY(org_store::SetInvitationStatus(tx, invitation.id, "accepted"));
        invitation.status = "accepted";
        org_store::Member member{.id = crypto::RandomAlnum(32),
                                 .organization_id = org->id,
                                 .user_id = caller.user.id,
                                 .role = invitation.role,
                                 .created_at = service.Now()};
        LK_TRY(org_store::CreateMember(tx, member));
        LK_TRY(service.SetActive(tx, caller, org->id));
        LK_TRY(JoinInvitedTeams(tx, service, invitation, caller));
        LK_TRY(AuditInvitation(tx, service, request, caller, "organization.invitation_accept",
                               invitation));
        std::string out;
        json::ObjectWriter(out)
            .Raw("invitation", InvitationJson(invitation))
            .Raw("member", MemberJson(member))
            .Close();
        return Json(std::move(out));
      });
}

Result<http::Response> RejectInvitation(const http::Request& request, const OrgService& service,
                                        const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string id, validation::RequireString(body, "invitationId", 128));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(
            auto invitation,
            RecipientInvitation(tx, service, id, caller, false, errors::kVerificationBeforeAccept));
        LK_TRY(org_store::SetInvitationStatus(tx, invitation.id, "rejected"));
        invitation.status = "rejected";
        LK_TRY(AuditInvitation(tx, service, request, caller, "organization.invitation_reject",
                               invitation));
        std::string out;
        json::ObjectWriter(out)
            .Raw("invitation", InvitationJson(invitation))
            .Raw("member", "null")
            .Close();
        return Json(std::move(out));
      });
}

Result<http::Response> GetInvitation(const http::Request& request, const OrgService& service,
                                     const sessions::SessionWithUser& caller) {
  const std::string id = request.QueryParam("id").value_or("");
  if (id.empty()) return Fail(validation::FieldError("id", "Invalid input: expected string"));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(
            auto invitation,
            RecipientInvitation(tx, service, id, caller, true, errors::kVerificationForInvitation));
        LK_ASSIGN_OR_RETURN(auto org, org_store::FindOrganization(tx, invitation.organization_id));
        if (!org) return Fail(MakeError(errors::kNotFound));
        LK_ASSIGN_OR_RETURN(auto inviter, users::FindUserById(tx, invitation.inviter_id));
        std::string extra;
        json::ObjectWriter(extra)
            .String("organizationName", org->name)
            .String("organizationSlug", org->slug)
            .String("inviterEmail", inviter ? inviter->email : "")
            .Close();
        return Json(
            InvitationJson(invitation, std::string_view(extra).substr(1, extra.size() - 2)));
      });
}

Result<http::Response> ListUserInvitations(const http::Request& request, const OrgService& service,
                                           const sessions::SessionWithUser& caller) {
  if (request.QueryParam("email")) {
    return Fail(
        validation::FieldError("email", "User email cannot be passed for client side API calls."));
  }
  if (!caller.user.email_verified) return Fail(MakeError(errors::kVerificationForInvitation));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto found,
                            org_store::ListUserInvitations(
                                tx, validation::LowerAscii(caller.user.email), service.Now()));
        return Json(JsonArray(found, [](const auto& item) {
          std::string extra;
          json::ObjectWriter(extra).String("organizationName", item.second).Close();
          return InvitationJson(item.first, std::string_view(extra).substr(1, extra.size() - 2));
        }));
      });
}

}  // namespace latchkey::organizations
