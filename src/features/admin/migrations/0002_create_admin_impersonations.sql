-- Impersonation sessions (docs/permissions.md "Impersonation"): Better
-- Auth's session.impersonatedBy, kept by the admin feature. A row dies with
-- its session (ON DELETE CASCADE); the admin's sessions are not referenced,
-- so the feature ends the impersonations itself when those are revoked.
CREATE TABLE admin_impersonations (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  admin_user_id TEXT NOT NULL,
  admin_session_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX admin_impersonations_admin ON admin_impersonations (admin_user_id);
