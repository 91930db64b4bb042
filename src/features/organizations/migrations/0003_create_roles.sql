-- Better Auth's dynamic access control (docs/organizations.md "Dynamic
-- roles"): roles an organization defines for itself, each a JSON object of
-- resource → actions, as Better Auth stores `permission`.
CREATE TABLE organization_roles (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  permission TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  UNIQUE (organization_id, role)
);
