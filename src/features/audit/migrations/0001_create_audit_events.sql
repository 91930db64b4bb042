-- Append-only audit trail. Written in the same transaction as the action it
-- records; failures (no action committed) are written on their own.
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  user_id TEXT,
  session_id TEXT,
  client_address TEXT,
  user_agent TEXT,
  request_id TEXT,
  details TEXT NOT NULL
);
CREATE INDEX audit_events_created_at ON audit_events (created_at);
CREATE INDEX audit_events_user_id ON audit_events (user_id, created_at);
