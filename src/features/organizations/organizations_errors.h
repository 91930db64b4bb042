// The organization plugin's error codes with Better Auth's messages
// (docs/organizations.md "Errors"). A few codes answer with several statuses,
// as Better Auth does; app/error_codes.cc lists them.
#ifndef LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_ERRORS_H_
#define LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_ERRORS_H_

#include "core/error.h"

namespace latchkey::organizations::errors {

#define LK_ORG_ERROR(name, code, kind, message) \
  inline constexpr ErrorInfo name{code, ErrorKind::kind, message};

LK_ORG_ERROR(kInvalidRoles, "INVALID_ORGANIZATION_ROLES", kInvalidArgument,
             "organization_roles is malformed")
LK_ORG_ERROR(kNotAllowedCreate, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_ORGANIZATION",
             kPermissionDenied, "You are not allowed to create a new organization")
LK_ORG_ERROR(kOrganizationLimit, "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_ORGANIZATIONS",
             kPermissionDenied, "You have reached the maximum number of organizations")
LK_ORG_ERROR(kAlreadyExists, "ORGANIZATION_ALREADY_EXISTS", kInvalidArgument,
             "Organization already exists")
LK_ORG_ERROR(kSlugTaken, "ORGANIZATION_SLUG_ALREADY_TAKEN", kInvalidArgument,
             "Organization slug already taken")
LK_ORG_ERROR(kNotFound, "ORGANIZATION_NOT_FOUND", kInvalidArgument, "Organization not found")
// 400 on update and delete, 403 on get and set-active, 401 on has-permission.
LK_ORG_ERROR(kNotMember400, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION", kInvalidArgument,
             "User is not a member of the organization")
LK_ORG_ERROR(kNotMember403, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION", kPermissionDenied,
             "User is not a member of the organization")
LK_ORG_ERROR(kNotMember401, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION", kUnauthenticated,
             "User is not a member of the organization")
LK_ORG_ERROR(kNotAllowedUpdate, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to update this organization")
LK_ORG_ERROR(kNotAllowedDelete, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to delete this organization")
LK_ORG_ERROR(kNoActive, "NO_ACTIVE_ORGANIZATION", kInvalidArgument, "No active organization")
LK_ORG_ERROR(kAlreadyMember, "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION", kInvalidArgument,
             "User is already a member of this organization")
LK_ORG_ERROR(kMemberNotFound, "MEMBER_NOT_FOUND", kInvalidArgument, "Member not found")
LK_ORG_ERROR(kRoleNotFound, "ROLE_NOT_FOUND", kInvalidArgument, "Role not found")
LK_ORG_ERROR(kOnlyOwner, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER", kInvalidArgument,
             "You cannot leave the organization as the only owner")
LK_ORG_ERROR(kWithoutOwner, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER", kInvalidArgument,
             "You cannot leave the organization without an owner")
LK_ORG_ERROR(kNotAllowedDeleteMember, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_MEMBER", kUnauthenticated,
             "You are not allowed to delete this member")
LK_ORG_ERROR(kNotAllowedInvite, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to invite users to this organization")
LK_ORG_ERROR(kAlreadyInvited, "USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION", kInvalidArgument,
             "User is already invited to this organization")
LK_ORG_ERROR(kInvitationNotFound, "INVITATION_NOT_FOUND", kInvalidArgument, "Invitation not found")
LK_ORG_ERROR(kNotRecipient, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION", kPermissionDenied,
             "You are not the recipient of the invitation")
LK_ORG_ERROR(kNotAllowedCancel, "YOU_ARE_NOT_ALLOWED_TO_CANCEL_THIS_INVITATION", kPermissionDenied,
             "You are not allowed to cancel this invitation")
LK_ORG_ERROR(kNotAllowedListInvitations, "YOU_ARE_NOT_ALLOWED_TO_LIST_INVITATIONS",
             kPermissionDenied, "You are not allowed to list invitations for this organization")
LK_ORG_ERROR(kNotAllowedInviteRole, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE",
             kPermissionDenied, "You are not allowed to invite a user with this role")
LK_ORG_ERROR(kNotAllowedUpdateMember, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER",
             kPermissionDenied, "You are not allowed to update this member")
LK_ORG_ERROR(kNotAMember, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION", kPermissionDenied,
             "You are not a member of this organization")
LK_ORG_ERROR(kMembershipLimit, "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED", kPermissionDenied,
             "Organization membership limit reached")
LK_ORG_ERROR(kInvitationLimit, "INVITATION_LIMIT_REACHED", kPermissionDenied,
             "Invitation limit reached")
LK_ORG_ERROR(kVerificationForInvitation, "EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION",
             kPermissionDenied,
             "Email verification required to view or list invitations for the session email")
// A user who is the last owner of an organization cannot be deleted
// (latchkey's; Better Auth leaves the organization ownerless).
LK_ORG_ERROR(kLastOwnerOfOrganization, "YOU_CANNOT_DELETE_THE_LAST_OWNER_OF_AN_ORGANIZATION",
             kInvalidArgument,
             "Transfer or delete your organizations first: you are the only owner of one")

// Teams (docs/organizations.md "Teams").
LK_ORG_ERROR(kTeamNotFound, "TEAM_NOT_FOUND", kInvalidArgument, "Team not found")
LK_ORG_ERROR(kTeamLimit, "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_TEAMS", kInvalidArgument,
             "You have reached the maximum number of teams")
LK_ORG_ERROR(kLastTeam, "UNABLE_TO_REMOVE_LAST_TEAM", kInvalidArgument,
             "Unable to remove last team")
LK_ORG_ERROR(kNotAllowedCreateTeams, "YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to create teams in this organization")
LK_ORG_ERROR(kNotAllowedDeleteTeams, "YOU_ARE_NOT_ALLOWED_TO_DELETE_TEAMS_IN_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to delete teams in this organization")
LK_ORG_ERROR(kNotAllowedUpdateTeam, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_TEAM", kPermissionDenied,
             "You are not allowed to update this team")
LK_ORG_ERROR(kNotAllowedDeleteTeam, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_TEAM", kPermissionDenied,
             "You are not allowed to delete this team")
LK_ORG_ERROR(kTeamMemberLimit, "TEAM_MEMBER_LIMIT_REACHED", kPermissionDenied,
             "Team member limit reached")
// 400 from list-team-members and remove-team-member, 403 from set-active-team.
LK_ORG_ERROR(kNotTeamMember400, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM", kInvalidArgument,
             "User is not a member of the team")
LK_ORG_ERROR(kNotTeamMember403, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM", kPermissionDenied,
             "User is not a member of the team")
LK_ORG_ERROR(kNoActiveTeam, "YOU_DO_NOT_HAVE_AN_ACTIVE_TEAM", kInvalidArgument,
             "You do not have an active team")
LK_ORG_ERROR(kNotAllowedCreateTeamMember, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_TEAM_MEMBER",
             kPermissionDenied, "You are not allowed to create a new member")
LK_ORG_ERROR(kNotAllowedRemoveTeamMember, "YOU_ARE_NOT_ALLOWED_TO_REMOVE_A_TEAM_MEMBER",
             kPermissionDenied, "You are not allowed to remove a team member")
LK_ORG_ERROR(kNotAllowedAccess, "YOU_ARE_NOT_ALLOWED_TO_ACCESS_THIS_ORGANIZATION",
             kPermissionDenied, "You are not allowed to access this organization as an owner")
LK_ORG_ERROR(kInvalidTeamId, "INVALID_TEAM_ID", kInvalidArgument,
             "Team id contains a reserved character")
LK_ORG_ERROR(kVerificationBeforeAccept,
             "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION",
             kPermissionDenied,
             "Email verification required before accepting or rejecting invitation")

// Dynamic roles (docs/organizations.md "Dynamic roles").
LK_ORG_ERROR(kMustBeInOrgForRole, "YOU_MUST_BE_IN_AN_ORGANIZATION_TO_CREATE_A_ROLE",
             kInvalidArgument, "You must be in an organization to create a role")
LK_ORG_ERROR(kNotAllowedCreateRole, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE", kPermissionDenied,
             "You are not allowed to create a role")
LK_ORG_ERROR(kNotAllowedUpdateRole, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_A_ROLE", kPermissionDenied,
             "You are not allowed to update a role")
LK_ORG_ERROR(kNotAllowedDeleteRole, "YOU_ARE_NOT_ALLOWED_TO_DELETE_A_ROLE", kPermissionDenied,
             "You are not allowed to delete a role")
LK_ORG_ERROR(kNotAllowedReadRole, "YOU_ARE_NOT_ALLOWED_TO_READ_A_ROLE", kPermissionDenied,
             "You are not allowed to read a role")
LK_ORG_ERROR(kNotAllowedListRole, "YOU_ARE_NOT_ALLOWED_TO_LIST_A_ROLE", kPermissionDenied,
             "You are not allowed to list a role")
LK_ORG_ERROR(kTooManyRoles, "TOO_MANY_ROLES", kInvalidArgument,
             "This organization has too many roles")
LK_ORG_ERROR(kInvalidResource, "INVALID_RESOURCE", kInvalidArgument,
             "The provided permission includes an invalid resource")
LK_ORG_ERROR(kRoleNameTaken, "ROLE_NAME_IS_ALREADY_TAKEN", kInvalidArgument,
             "That role name is already taken")
LK_ORG_ERROR(kCannotDeletePredefined, "CANNOT_DELETE_A_PRE_DEFINED_ROLE", kInvalidArgument,
             "Cannot delete a pre-defined role")
LK_ORG_ERROR(kRoleAssigned, "ROLE_IS_ASSIGNED_TO_MEMBERS", kInvalidArgument,
             "Cannot delete a role that is assigned to members. Please reassign the members to a "
             "different role first")

// add-member's unknown userId: 400, as Better Auth's addMember answers it.
LK_ORG_ERROR(kUserNotFound, "USER_NOT_FOUND", kInvalidArgument, "User not found")

#undef LK_ORG_ERROR

}  // namespace latchkey::organizations::errors

#endif  // LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_ERRORS_H_
