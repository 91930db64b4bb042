CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  sent_at BIGINT
);
CREATE INDEX mail_outbox_status_next_attempt ON mail_outbox (status, next_attempt_at);
