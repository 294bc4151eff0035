-- Ranks are assigned in this order among the eligible, read from the index alone: a rank refresh after each batch read
-- every standing of the program whole and sorted them.
CREATE INDEX IF NOT EXISTS standings_ranking ON standings (program_id, eligible, score DESC, tie_break DESC, employee_id COLLATE "C") INCLUDE (rank, qualifies);
