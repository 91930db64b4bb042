-- Two-factor authentication (Better Auth's twoFactor plugin, in latchkey's
-- naming; docs/operations.md "Two-factor authentication"). Features own
-- their tables: `twoFactorEnabled` is two_factors.enabled, added to the user
-- JSON by the user-fields hook. No secret is stored in the clear:
--   * the TOTP key is sealed (AES-256-GCM under a key derived from the
--     server secret, the user id bound in as associated data);
--   * recovery codes, mailed codes, challenge and trusted-device identifiers
--     are stored as keyed hashes (HMAC-SHA256 under a derived key) or SHA-256.
CREATE TABLE two_factors (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  enabled INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_verified INTEGER NOT NULL DEFAULT 0,
  -- The highest TOTP time step accepted: a code is accepted once (RFC 6238 §5.2).
  totp_last_step BIGINT NOT NULL DEFAULT -1,
  totp_created_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE two_factor_backup_codes (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, code_hash)
);
-- A sign-in waiting for its second factor, bound to the browser by the
-- `two_factor` cookie (id_hash = SHA-256 of the cookie's identifier).
CREATE TABLE two_factor_challenges (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  method TEXT NOT NULL,
  remember INTEGER NOT NULL,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX two_factor_challenges_user ON two_factor_challenges (user_id);
-- A code mailed for a challenge ("c:<id_hash>") or a signed-in user ("u:<user id>").
CREATE TABLE two_factor_otps (
  subject TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE two_factor_trusted_devices (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX two_factor_trusted_devices_user ON two_factor_trusted_devices (user_id);
