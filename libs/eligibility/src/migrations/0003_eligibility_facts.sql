-- The facts eligibility is computed from, each with both of its times: when it happened in the world
-- (occurred_at) and when the ledger recorded it (recorded_at), so any past answer can be recomputed.
CREATE TABLE IF NOT EXISTS eligibility_facts (
  position numeric(40, 0) PRIMARY KEY,
  stream text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS eligibility_facts_recorded ON eligibility_facts (recorded_at, position);
--> statement-breakpoint
-- Winners are the standings as the ledger knew them when the program was finalized.
ALTER TABLE award_programs ADD COLUMN IF NOT EXISTS finalized_at timestamptz;
