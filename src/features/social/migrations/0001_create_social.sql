-- Social sign-in (docs/social.md). social_states: one row per sign-in or
-- link under way, keyed by the SHA-256 of its `state` (single use, 10
-- minutes). social_tokens: a linked provider account's tokens, sealed
-- (AES-256-GCM under a key derived from the server secret, the account row
-- id bound in), deleted with the account.
CREATE TABLE social_states (
  state_hash TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE social_tokens (
  account_row_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  access_token TEXT,
  refresh_token TEXT,
  id_token TEXT,
  access_token_expires_at BIGINT,
  refresh_token_expires_at BIGINT,
  scope TEXT,
  profile TEXT,
  updated_at BIGINT NOT NULL
);
