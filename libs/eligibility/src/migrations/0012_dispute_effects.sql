-- What a dispute resolved in favour records on its deal, so that a resolution cut off before it (a crash between its
-- two appends) is found and completed: the credit it grants (a declined claim's), or whether it restored the credit.
ALTER TABLE disputes ADD COLUMN IF NOT EXISTS grants_credit_id text;
--> statement-breakpoint
ALTER TABLE disputes ADD COLUMN IF NOT EXISTS restored boolean NOT NULL DEFAULT false;
--> statement-breakpoint
-- Resolutions kept before these columns are taken as complete (a declined claim's, with no credit named, too): a
-- rebuild of the read models tells exactly.
UPDATE disputes SET restored = true WHERE subject = 'RETRACTED_CREDIT' AND status = 'RESOLVED_IN_FAVOR';
