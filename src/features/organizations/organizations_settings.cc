#include "features/organizations/organizations_settings.h"

namespace latchkey::organizations {

settings::Table OrganizationSettingsTable() {
  using S = OrganizationSettings;
  return settings::SettingsTable<S>("organizations", "Organizations")
      .Add("organization", &S::organization,
           "Better Auth's organization plugin: organizations, members, invitations, roles; see "
           "[organizations](docs/organizations.md)")
      .Int("organization_limit", &S::organization_limit, 0, 1000000,
           "how many organizations a user may belong to when creating one; 0 = no limit")
      .Int("organization_member_limit", &S::organization_member_limit, 1, 1000000,
           "members per organization")
      .Int("organization_invitation_limit", &S::organization_invitation_limit, 1, 1000000,
           "pending invitations per organization")
      .Add("organization_invitation_url", &S::organization_invitation_url,
           "the link an invitation mail carries; `{id}` is the invitation id")
      .DefaultShown("`base_url`/accept-invitation/{id}")
      .Add("organization_roles", &S::organization_roles,
           "custom organization roles, e.g. `billing=organization:update;invitation:create`")
      .Add("organization_teams", &S::organization_teams,
           "teams inside organizations (Better Auth's `teams.enabled`)")
      .Int("organization_team_limit", &S::organization_team_limit, 0, 1000000,
           "teams per organization; 0 = no limit")
      .Int("organization_team_member_limit", &S::organization_team_member_limit, 0, 1000000,
           "members per team; 0 = no limit")
      .Add("organization_default_team", &S::organization_default_team,
           "with teams on, `create` makes a team named after the organization, with its creator")
      .Add("organization_allow_removing_all_teams", &S::organization_allow_removing_all_teams,
           "`remove-team` may remove an organization's last team")
      .Add("organization_require_email_verification_on_invitation",
           &S::organization_require_email_verification_on_invitation,
           "accepting, rejecting or reading an invitation wants a verified address")
      .Add("organization_dynamic_roles", &S::organization_dynamic_roles,
           "roles each organization defines through `create-role` … (Better Auth's "
           "`dynamicAccessControl`)")
      .Int("organization_role_limit", &S::organization_role_limit, 0, 1000000,
           "dynamic roles per organization; 0 = no limit")
      .Add("organization_add_member", &S::organization_add_member,
           "`add-member` for members with `member:create`: an existing user joins without an "
           "invitation (Better Auth: server-only)")
      .Build();
}

}  // namespace latchkey::organizations
