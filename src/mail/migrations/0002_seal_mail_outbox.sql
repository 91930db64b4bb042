-- Mail bodies at rest: from here on text_body and html_body hold base64
-- AES-256-GCM ciphertexts (mail/outbox_keys.h) and body_key_id names the key
-- that sealed them. body_key_id NULL = a legacy clear-text row queued before
-- this migration, still sent as it is. Sent and dead rows keep no body (''),
-- and are deleted mail_retention_days after they were queued.
ALTER TABLE mail_outbox ADD COLUMN body_key_id TEXT;
-- Legacy rows already sent or given up on: drop their links now.
UPDATE mail_outbox SET text_body = '', html_body = '' WHERE status IN ('sent', 'dead');
-- The sender's purge: finished rows by age.
CREATE INDEX mail_outbox_status_created ON mail_outbox (status, created_at);
