-- How each session was authenticated (docs/permissions.md "Second factor"):
-- amr is a comma list of RFC 8176 values ("pwd", "otp", "mfa", "hwk", …),
-- '' for sessions from before this column. expiry_fixed = 1: expires_at is a
-- hard end that no refresh moves (an admin's impersonation session).
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN expiry_fixed INTEGER NOT NULL DEFAULT 0;
