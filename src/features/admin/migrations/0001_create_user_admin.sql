-- What the admin plugin keeps per user (Better Auth's user.role, banned,
-- banReason, banExpires; docs/permissions.md), in the feature's own table.
-- No row: role `user` (admin_default_role), not banned.
CREATE TABLE user_admin (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  banned INTEGER NOT NULL DEFAULT 0,
  ban_reason TEXT,
  ban_expires BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX user_admin_role ON user_admin (role);
