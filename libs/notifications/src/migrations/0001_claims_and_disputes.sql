-- Claims and disputes as the notifications word them: who asked, whose deal, who decides; who raised a dispute.
CREATE TABLE IF NOT EXISTS notification_claims (
  claim_id text PRIMARY KEY,
  deal_id text NOT NULL,
  claimant_id text NOT NULL,
  owner_id text NOT NULL,
  kind text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS notification_disputes (
  dispute_id text PRIMARY KEY,
  raised_by text NOT NULL
);
