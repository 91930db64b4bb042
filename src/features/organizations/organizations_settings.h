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
  std::vector<std::string> organization_roles;      // custom roles: name=resource:action|action;…
  bool organization_teams = false;                  // teams (docs/organizations.md "Teams")
  std::int64_t organization_team_limit = 0;         // teams per organization; 0 = no limit
  std::int64_t organization_team_member_limit = 0;  // members per team; 0 = no limit
  bool organization_default_team = true;  // create makes a team named after the organization
  bool organization_allow_removing_all_teams = false;
  // Accepting or rejecting an invitation, and reading it, wants a verified
  // address (Better Auth's requireEmailVerificationOnInvitation).
  bool organization_require_email_verification_on_invitation = false;
  // Roles each organization defines (Better Auth's dynamicAccessControl).
  bool organization_dynamic_roles = false;
  std::int64_t organization_role_limit = 0;  // dynamic roles per organization; 0 = no limit
  // add-member over HTTP, for members with member:create (Better Auth: a
  // server-only call; docs/organizations.md "Adding a member").
  bool organization_add_member = false;
};

settings::Table OrganizationSettingsTable();

}  // namespace latchkey::organizations

#endif  // LK_FEATURES_ORGANIZATIONS_ORGANIZATIONS_SETTINGS_H_
