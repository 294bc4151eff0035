-- The order of the eligible of each program, narrow: a rank refresh after each batch reads and sorts these few pages,
-- not the wide standings (metrics, thresholds, evidence) nor an index over them that every standing written touches.
-- `rank` and `qualifies` repeat the standings' as last assigned, so that only the places that moved are written.
CREATE TABLE IF NOT EXISTS standing_ranks (
  program_id text NOT NULL,
  employee_id text NOT NULL,
  score float8 NOT NULL,
  tie_break float8 NOT NULL,
  rank int,
  qualifies boolean NOT NULL DEFAULT false,
  PRIMARY KEY (program_id, employee_id)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS standing_ranks_order ON standing_ranks (program_id, score DESC, tie_break DESC, employee_id COLLATE "C");
--> statement-breakpoint
INSERT INTO standing_ranks (program_id, employee_id, score, tie_break, rank, qualifies)
SELECT program_id, employee_id, score, tie_break, rank, qualifies FROM standings WHERE eligible
ON CONFLICT (program_id, employee_id) DO NOTHING;
--> statement-breakpoint
DROP INDEX IF EXISTS standings_ranking;
