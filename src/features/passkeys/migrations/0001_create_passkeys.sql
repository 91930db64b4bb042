-- Passkeys (Better Auth's passkey table, in latchkey's naming; docs/api.md
-- "Passkeys"). credential_id is the base64url credential id (unique across
-- users: one authenticator credential belongs to one account); public_key
-- the COSE key as standard base64, as Better Auth stores it.
CREATE TABLE passkeys (
  id TEXT PRIMARY KEY,
  name TEXT,
  public_key TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  credential_id TEXT NOT NULL UNIQUE,
  counter BIGINT NOT NULL,
  device_type TEXT NOT NULL,
  backed_up INTEGER NOT NULL,
  transports TEXT,
  aaguid TEXT,
  attestation_format TEXT NOT NULL,
  -- The user.id of the registration options (random, as Better Auth's):
  -- an assertion's userHandle must name it.
  user_handle TEXT,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);
-- A ceremony in progress, bound to the browser by the passkey cookie
-- (id_hash = SHA-256 of the cookie's identifier). Single use, 5 minutes.
CREATE TABLE passkey_challenges (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  challenge TEXT NOT NULL,
  user_handle TEXT,
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
