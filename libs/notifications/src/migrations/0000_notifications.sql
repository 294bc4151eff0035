-- What the notifications projection knows of people, deals, credits and programs, kept from the feed itself so that
-- every notification is worded as the ledger stood at its event (the ledger's read models run at their own pace).
CREATE TABLE IF NOT EXISTS notification_people (
  employee_id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  department text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  by_email boolean NOT NULL DEFAULT true,
  by_chat boolean NOT NULL DEFAULT true,
  muted text[] NOT NULL DEFAULT '{}'
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS notification_deals (
  deal_id text PRIMARY KEY,
  name text NOT NULL,
  owner_id text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS notification_credits (
  credit_id text PRIMARY KEY,
  deal_id text NOT NULL,
  contributor_id text NOT NULL,
  kind text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS notification_programs (
  program_id text PRIMARY KEY,
  name text NOT NULL,
  audience text[] NOT NULL,
  status text NOT NULL
);
--> statement-breakpoint
-- One row per event and recipient, its id derived from both: a replay of the feed inserts nothing new. A recipient is
-- an employee id, or `role:HR` for what every HR caller sees.
CREATE TABLE IF NOT EXISTS notifications (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  recipient text NOT NULL,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  text text NOT NULL,
  link text
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications (recipient, seq DESC);
--> statement-breakpoint
-- Who has read what: per reader, so each HR caller marks the shared HR notifications read for themselves.
CREATE TABLE IF NOT EXISTS notification_reads (
  notification_id uuid NOT NULL REFERENCES notifications (id),
  reader text NOT NULL,
  PRIMARY KEY (reader, notification_id)
);
--> statement-breakpoint
-- The outbox: written in the transaction that records the notification, sent after it, kept whatever happens.
CREATE TABLE IF NOT EXISTS deliveries (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  notification_id uuid NOT NULL REFERENCES notifications (id),
  channel text NOT NULL,
  address text NOT NULL,
  status text NOT NULL DEFAULT 'PENDING',
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  last_attempt_at timestamptz,
  -- When a pending delivery is next tried; while one is being sent it is pushed past the attempt's timeout, so a
  -- process killed mid-send leaves it to be tried again rather than lost.
  next_attempt_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
--> statement-breakpoint
-- What each person was last told about their standing in each open program: a change of it is notified once, however
-- many events or batches it took.
CREATE TABLE IF NOT EXISTS qualification_notices (
  program_id text NOT NULL,
  employee_id text NOT NULL,
  state text NOT NULL,
  changes int NOT NULL,
  PRIMARY KEY (program_id, employee_id)
);
