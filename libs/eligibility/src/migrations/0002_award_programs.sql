-- Award programs, every version of their criteria, and the winners recorded at finalization.
CREATE TABLE IF NOT EXISTS award_programs (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  status text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  audience_departments jsonb NOT NULL,
  criteria_version int NOT NULL,
  winners jsonb,
  winners_criteria_version int
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS program_criteria (
  program_id text NOT NULL,
  version int NOT NULL,
  reason text,
  rules jsonb NOT NULL,
  revised_at timestamptz NOT NULL,
  PRIMARY KEY (program_id, version)
);
