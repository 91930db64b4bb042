-- Single-use tokens mailed to users (password reset, later account deletion).
-- Only the SHA-256 of a token is stored (docs/architecture.md): a database leak gives
-- nobody a working link.
CREATE TABLE verification_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  purpose TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX verification_tokens_user ON verification_tokens (user_id, purpose);
