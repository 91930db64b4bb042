-- The webhooks outbox (docs/webhooks.md): one row per event and endpoint,
-- written in the transaction of the audit event it reports, delivered by
-- the background worker. `endpoint` is the endpoint's name, never its URL
-- (a Slack URL is a secret); `payload` is the body sent, never a secret.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  event_type TEXT NOT NULL,
  audit_event_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_status INTEGER,
  last_error TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (created_at DESC, id DESC);
