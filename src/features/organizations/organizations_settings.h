// The organizations feature's configuration keys (docs/design.md "Settings",
// docs/organizations.md).
#ifndef LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_SETTINGS_H_
#define LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/settings.h"

namespace latchkey::organizations {

struct OrganizationSettings {
  bool organization = true;                      // the /organization/* routes
  std::int64_t organization_limit = 0;           // organizations a user may belong to; 0 = no limit
  std::int64_t organization_member_limit = 100;  // members per organization
  std::int64_t organization_invitation_limit = 100;  // pending invitations per organization
  // Where an invitation mail links to; `{id}` is replaced by the invitation
  // id. Empty: <base_url>/accept-invitation/{id}.
  std::string organization_invitation_url;
  std::vector<std::string> organization_roles;  // custom roles: name=resource:action|action;…
  bool organization_teams = false;              // teams (not built yet: refused when on)
};

settings::Table OrganizationSettingsTable();

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_SETTINGS_H_
