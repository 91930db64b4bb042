-- Plans, caps and usage (docs/plans.md). A subject is a user or an
-- organization: subject_type 'user' | 'organization', subject_id its id.
-- A subject without a plan_subjects row is on plan_default.
CREATE TABLE plan_subjects (
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  plan TEXT NOT NULL,
  spend_cap_cents BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (subject_type, subject_id)
);
-- One counter per subject, UTC month ("2026-12") and meter; a record adds
-- to it with one conditional UPDATE (used < cap), so parallel records never
-- overspend by more than one.
CREATE TABLE plan_usage (
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  month TEXT NOT NULL,
  meter TEXT NOT NULL,
  used BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (subject_type, subject_id, month, meter)
);
-- Each record once per (API key, idempotency key): a retry finds the row and
-- gets the first answer again. accepted 0 = refused at the cap.
CREATE TABLE plan_usage_records (
  key_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  meter TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  month TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  used_after BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
-- The 80 % and 100 % warning mails, once per subject, month and level.
CREATE TABLE plan_notices (
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  month TEXT NOT NULL,
  level INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (subject_type, subject_id, month, level)
);
