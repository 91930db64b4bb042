-- Whom an action was done to, when that is not the actor (an admin banning
-- a user, docs/audit.md): filterable without parsing details. Rows before
-- this migration keep it NULL.
ALTER TABLE audit_events ADD COLUMN target_user_id TEXT;
CREATE INDEX audit_events_target_user_id ON audit_events (target_user_id, created_at);
