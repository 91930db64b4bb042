-- API keys (Better Auth's apikey table, docs/api.md, in latchkey's
-- naming). The key itself is never stored: key_hash is the lowercase hex
-- SHA-256 of the full key (docs/architecture.md); `start` keeps its first characters
-- for display. Times are milliseconds; windows and intervals too.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  config_id TEXT NOT NULL DEFAULT 'default',
  name TEXT,
  start TEXT,
  prefix TEXT,
  key_hash TEXT NOT NULL UNIQUE,
  reference_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  refill_interval BIGINT,
  refill_amount BIGINT,
  last_refill_at BIGINT,
  enabled INTEGER NOT NULL DEFAULT 1,
  rate_limit_enabled INTEGER NOT NULL DEFAULT 1,
  rate_limit_time_window BIGINT,
  rate_limit_max BIGINT,
  request_count BIGINT NOT NULL DEFAULT 0,
  remaining BIGINT,
  last_request BIGINT,
  expires_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  permissions TEXT,
  metadata TEXT
);
CREATE INDEX api_keys_reference_id ON api_keys (reference_id);
