-- Whole-program work (a criteria revision, a preview, a settle) reads every credit of a chunk of people; their
-- rows lie scattered over the whole table, so each chunk read nearly every page of it. The index carries what
-- those reads need, and answers them alone wherever the table's pages are marked all-visible.
DROP INDEX IF EXISTS credits_contributor;
--> statement-breakpoint
-- A replay that deferred the old definition builds this one when it settles.
DELETE FROM deferred_indexes WHERE name = 'credits_contributor';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credits_contributor ON credits (contributor_id, credited_at, id) INCLUDE (deal_id, credited_by, kind, status);
