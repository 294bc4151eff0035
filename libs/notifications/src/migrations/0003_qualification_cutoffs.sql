-- The last winning value of each program when its near misses were last all placed (null: no cap bites): while it
-- holds, a review places only the people whose standings changed.
CREATE TABLE IF NOT EXISTS qualification_cutoffs (
  program_id text PRIMARY KEY,
  value float8
);
