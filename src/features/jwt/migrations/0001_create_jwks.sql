-- Signing keys for JWTs (GET /token, set-auth-jwt, refresh-flow access
-- tokens). The private key is sealed with AES-256-GCM under a key derived
-- from the server secret (docs/architecture.md); enc_key_id names that derivation so
-- a rotated secret is recognised instead of failing to decrypt silently.
-- A key signs while retired_at is NULL and stays published in /jwks until
-- every token it signed has expired.
CREATE TABLE jwks (
  id TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  enc_key_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT
);
