-- The read API's order, newest first with the id as tie-break
-- (docs/audit.md "The API"): one index serves every page, the purge's
-- oldest-first scan and the time-range filters, so the created_at-only index
-- it supersedes goes. Same SQL on SQLite and PostgreSQL.
CREATE INDEX audit_events_created_at_id ON audit_events (created_at DESC, id DESC);
DROP INDEX audit_events_created_at;
