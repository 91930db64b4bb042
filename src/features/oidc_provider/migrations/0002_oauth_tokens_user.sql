-- When every session of a user ends (a ban, a password reset, revoke-sessions), the user's
-- tokens end with them: found by user.
CREATE INDEX oauth_tokens_user ON oauth_tokens (user_id);
