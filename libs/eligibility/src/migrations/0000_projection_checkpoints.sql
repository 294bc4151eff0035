-- Where each projection resumes. numeric, not bigint: an EventStoreDB position packs two 64-bit numbers.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name text PRIMARY KEY,
  position numeric(40, 0) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
