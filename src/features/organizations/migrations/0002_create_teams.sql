-- Better Auth's teams (docs/organizations.md "Teams"): teams inside an
-- organization, their members (each a member of the organization too), the
-- teams an invitation adds its invitee to (a comma list, as Better Auth
-- stores it) and each session's active team.
CREATE TABLE organization_teams (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT
);
CREATE INDEX organization_teams_org ON organization_teams (organization_id);

CREATE TABLE organization_team_members (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES organization_teams (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  UNIQUE (team_id, user_id)
);
CREATE INDEX organization_team_members_user ON organization_team_members (user_id);

ALTER TABLE organization_invitations ADD COLUMN team_id TEXT;
ALTER TABLE organization_sessions ADD COLUMN active_team_id TEXT
  REFERENCES organization_teams (id) ON DELETE SET NULL;
