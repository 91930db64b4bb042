-- The scopes a provider granted to a social account (comma-separated, as
-- Better Auth's account.scope); NULL for the credential account.
ALTER TABLE accounts ADD COLUMN scope TEXT;
