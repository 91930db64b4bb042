-- The method of each user's last sign-in ("email", later "passkey",
-- "github", …): Better Auth's lastLoginMethod plugin with storeInDatabase.
-- Its own table, not a users column: features own their tables
-- (docs/design.md "The feature contract").
CREATE TABLE last_login_methods (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  method TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
