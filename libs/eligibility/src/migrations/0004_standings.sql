-- Each employee's standing in each program under the criteria in force, kept as events arrive: the answer to
-- "who qualifies now". Past moments and previews are computed from eligibility_facts instead.
CREATE TABLE IF NOT EXISTS standings (
  program_id text NOT NULL,
  employee_id text NOT NULL,
  criteria_version int NOT NULL,
  eligible boolean NOT NULL,
  qualifies boolean NOT NULL DEFAULT false,
  rank int,
  progress double precision NOT NULL,
  score double precision NOT NULL,
  tie_break double precision NOT NULL,
  metrics jsonb NOT NULL,
  thresholds jsonb NOT NULL,
  evidence jsonb NOT NULL,
  -- The feed position whose batch last recomputed this standing (a rank moved by others does not count).
  computed_at numeric(40, 0) NOT NULL,
  PRIMARY KEY (program_id, employee_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS standings_order ON standings (program_id, rank, progress DESC, employee_id COLLATE "C");
--> statement-breakpoint
-- The latest business time any fact names (a closing date, a dated change): until the clock passes it, "now"
-- is not yet the end of the ledger, and standings are computed from the facts instead.
CREATE TABLE IF NOT EXISTS business_horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  latest timestamptz NOT NULL
);
--> statement-breakpoint
-- Directory, deals, quotas and programs now project together with standings, under one checkpoint: rebuild them.
DELETE FROM projection_checkpoints WHERE name IN ('directory', 'deals', 'quotas', 'programs');
--> statement-breakpoint
TRUNCATE employees, deals, credits, quotas, award_programs, program_criteria;
