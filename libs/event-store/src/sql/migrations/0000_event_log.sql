-- The event log. `position` orders the global feed; appends are serialised by an advisory lock, so
-- positions become visible in order and a subscriber reading "position > checkpoint" never skips one.
CREATE TABLE IF NOT EXISTS event_log (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL,
  stream text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT event_log_id_unique UNIQUE (id),
  CONSTRAINT event_log_stream_revision_unique UNIQUE (stream, revision)
);
