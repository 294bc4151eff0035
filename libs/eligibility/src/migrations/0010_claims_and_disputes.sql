-- Claims for credit and disputes, as their people and HR browse them.
CREATE TABLE IF NOT EXISTS claims (
  id text PRIMARY KEY,
  deal_id text NOT NULL,
  claimant_id text NOT NULL,
  owner_id text NOT NULL,
  kind text NOT NULL,
  note text NOT NULL,
  status text NOT NULL,
  -- Who is to decide now: the owner, then the manager it escalated to; null once escalated to HR.
  approver_id text,
  escalated boolean NOT NULL DEFAULT false,
  claimed_at timestamptz NOT NULL,
  escalated_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  reason text,
  credit_id text
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS claims_claimant ON claims (claimant_id, claimed_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS claims_owner ON claims (owner_id, claimed_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS claims_approver ON claims (approver_id, claimed_at, id);
--> statement-breakpoint
-- The escalation pass reads the claims still waiting on their owner, oldest first.
CREATE INDEX IF NOT EXISTS claims_waiting ON claims (claimed_at, id) WHERE status = 'PENDING' AND NOT escalated;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS disputes (
  id text PRIMARY KEY,
  subject text NOT NULL,
  raised_by text NOT NULL,
  reason text NOT NULL,
  raised_at timestamptz NOT NULL,
  credit_id text,
  claim_id text,
  program_id text,
  as_of timestamptz,
  known_at timestamptz,
  status text NOT NULL,
  resolved_by text,
  resolved_at timestamptz,
  resolution text
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS disputes_raised_by ON disputes (raised_by, raised_at, id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS disputes_status ON disputes (status, raised_at, id);
