-- "Who qualifies" reads a handful of rows; without this it filtered every standing of the program.
CREATE INDEX IF NOT EXISTS standings_qualified ON standings (program_id, rank) WHERE qualifies;
