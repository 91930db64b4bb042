-- Refresh tokens for clients that cannot hold cookies (issue 4). Each token
-- is used once: refreshing marks it used and issues its child in the same
-- family. Presenting a used token again after the grace window is reuse: the
-- whole family is revoked. Only SHA-256 hashes of tokens are stored. A family
-- belongs to a session and ends with it (sign-out, revocation, password reset).
CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  parent_id TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  family_expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
