-- The feed's position when notifications first ran on this ledger: what was recorded up to it is history, kept in
-- the app as already read and never mailed or posted (`holdBackHistory`). One row.
CREATE TABLE IF NOT EXISTS notification_history (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  horizon numeric NOT NULL
);
--> statement-breakpoint
-- A notification of history: read by everyone it is for, delivered to no one.
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS past boolean NOT NULL DEFAULT false;
