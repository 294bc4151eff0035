-- False while a projection owes the work it put off catching up (a rebuild, a projector far behind): until
-- it settles, its read models are not yet at its position, and read-your-writes waits.
ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS settled boolean NOT NULL DEFAULT true;
--> statement-breakpoint
-- The eligibility facts now project with the ledger, from one reading of the feed under one checkpoint: rebuild both.
DELETE FROM projection_checkpoints WHERE name IN ('ledger', 'eligibility-facts');
--> statement-breakpoint
TRUNCATE employees, deals, credits, quotas, award_programs, program_criteria, standings, business_horizon, eligibility_facts;
