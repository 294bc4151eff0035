-- The secondary indexes a projection replaying the feed into empty tables dropped, to be built again when it settles.
CREATE TABLE IF NOT EXISTS deferred_indexes (
  name text PRIMARY KEY,
  definition text NOT NULL
);
