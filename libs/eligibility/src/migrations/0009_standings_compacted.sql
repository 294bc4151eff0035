-- Every credit moves its contributor past others, and each standing whose rank moved is rewritten: about 400 a batch
-- at 4,000 people a program. Between two vacuums those copies spread 8,000 standings over 64 MB of pages, which every
-- rerank and every whole-program read then crossed. The projector now vacuums them often enough (see the upkeep);
-- the standings kept so far are rewritten compactly once here (VACUUM FULL cannot run in a migration's transaction).
CLUSTER standings USING standings_pkey;
