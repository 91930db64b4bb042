-- What each session is bound to (docs/session-binding.md): the user-agent
-- family and the client network it was created from. network_left_at is the
-- first use from outside `network` while the mobile grace runs (NULL: none).
-- A session without a row binds at its next use; the row ends with it.
CREATE TABLE session_bindings (
  session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  ua_family TEXT NOT NULL,
  network TEXT NOT NULL,
  network_left_at BIGINT,
  bound_at BIGINT NOT NULL
);
