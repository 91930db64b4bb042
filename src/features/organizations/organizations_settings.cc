#include "features/organizations/organizations_settings.h"

namespace latchkey::organizations {

settings::Table OrganizationSettingsTable() {
  using S = OrganizationSettings;
  return settings::SettingsTable<S>("organization", "Organizations")
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
           "teams inside organizations (not available yet: must stay off)")
      .Validate([](S& s, const Config&) -> Result<void> {
        if (s.organization_teams) {
          return Fail(settings::ConfigError("organization_teams: teams are not available yet"));
        }
        return {};
      })
      .Build();
}

}  // namespace latchkey::organizations
