-- What eligibility counts, as it stood at any moment, in typed rows a query can index: when each person, deal and
-- credit was recorded, and every later change with its record time (and, for a deal's close or reopening, its business
-- time). A past moment is then answered in SQL by the same statements as now, not by folding every fact.
ALTER TABLE employees ADD COLUMN IF NOT EXISTS recorded_at timestamptz;
--> statement-breakpoint
ALTER TABLE deals ADD COLUMN IF NOT EXISTS recorded_at timestamptz;
--> statement-breakpoint
ALTER TABLE credits ADD COLUMN IF NOT EXISTS recorded_at timestamptz;
--> statement-breakpoint
-- A registration (offboarded false), a change of department (department set) or an offboarding.
CREATE TABLE IF NOT EXISTS employee_changes (
  employee_id text NOT NULL,
  position numeric(40, 0) NOT NULL,
  registered boolean NOT NULL,
  department text,
  offboarded boolean NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (employee_id, position)
);
--> statement-breakpoint
-- A deal closed (won with its amount, or lost) or reopened (status OPEN), with when it happened and when it was recorded.
CREATE TABLE IF NOT EXISTS deal_changes (
  deal_id text NOT NULL,
  position numeric(40, 0) NOT NULL,
  status text NOT NULL,
  closed_on date,
  amount numeric(17, 2),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (deal_id, position)
);
--> statement-breakpoint
-- A credit retracted (active false) or restored.
CREATE TABLE IF NOT EXISTS credit_changes (
  credit_id text NOT NULL,
  position numeric(40, 0) NOT NULL,
  active boolean NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (credit_id, position)
);
--> statement-breakpoint
-- Every quota set, the later replacing the earlier for the same period.
CREATE TABLE IF NOT EXISTS quota_sets (
  employee_id text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  position numeric(40, 0) NOT NULL,
  amount numeric(17, 2) NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (employee_id, period_start, period_end, position)
);
--> statement-breakpoint
-- The history starts with the ledger: rebuild it.
DELETE FROM projection_checkpoints WHERE name = 'ledger';
--> statement-breakpoint
TRUNCATE employees, deals, credits, quotas, award_programs, program_criteria, standings, business_horizon, eligibility_facts;
--> statement-breakpoint
-- A past moment reads each person's credits recorded by then: the index that answers a person's credits alone carries
-- when each was recorded too.
DROP INDEX IF EXISTS credits_contributor;
--> statement-breakpoint
DELETE FROM deferred_indexes WHERE name = 'credits_contributor';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credits_contributor ON credits (contributor_id, credited_at, id) INCLUDE (deal_id, credited_by, kind, status, recorded_at);
