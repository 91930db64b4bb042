-- Better Auth's organization plugin (docs/organizations.md): organizations,
-- their members and invitations, and each session's active organization
-- (Better Auth's session.activeOrganizationId), all in this feature's own
-- tables. Roles are comma lists ("admin,member"), as Better Auth stores them.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  logo TEXT,
  metadata TEXT,
  created_at BIGINT NOT NULL
);

CREATE TABLE organization_members (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

CREATE TABLE organization_invitations (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  status TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  inviter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX organization_invitations_org ON organization_invitations (organization_id, status);
CREATE INDEX organization_invitations_email ON organization_invitations (email, status);

-- One row per session that has chosen an active organization.
CREATE TABLE organization_sessions (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  active_organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organization_sessions_org ON organization_sessions (active_organization_id);
