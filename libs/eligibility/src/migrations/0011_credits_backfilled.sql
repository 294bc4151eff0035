-- A credit carried over from an earlier system of record, with its original date as its creditedAt (flag BACKFILLED).
ALTER TABLE credits ADD COLUMN IF NOT EXISTS backfilled boolean NOT NULL DEFAULT false;
--> statement-breakpoint
-- The event that recorded each criteria version: a change of standing names it as its cause.
ALTER TABLE program_criteria ADD COLUMN IF NOT EXISTS position numeric(40, 0);
