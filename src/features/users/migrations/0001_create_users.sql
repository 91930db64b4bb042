-- Users and their sign-in accounts. `email` is stored lower-cased.
-- `accounts` holds one row per way to sign in; the credential account
-- (provider_id 'credential', account_id = user id) carries the Argon2id PHC
-- string in password_hash.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  email_verified INTEGER NOT NULL DEFAULT 0,
  image TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  password_hash TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (provider_id, account_id)
);
CREATE INDEX accounts_user_id ON accounts (user_id);
