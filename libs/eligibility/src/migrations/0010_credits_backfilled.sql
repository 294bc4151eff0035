-- A credit carried over from an earlier system of record, with its original date as its creditedAt (flag BACKFILLED).
ALTER TABLE credits ADD COLUMN IF NOT EXISTS backfilled boolean NOT NULL DEFAULT false;
