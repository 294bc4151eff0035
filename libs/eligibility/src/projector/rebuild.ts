import { quoted, type SqlClient } from '@club-ledger/kernel';
import { advanceCheckpoint } from './checkpoints';
import { deferIndexes, restoreIndexes } from './deferred-indexes';
import { ReadModelUpkeep } from './upkeep';
import type { SessionDatabase } from './projection-lock';
import { rebuildAside } from './rebuild-aside';
import { Replay, type RebuildOptions } from './replay';

export type { RebuildOptions, RebuildPhase, RebuildProgress } from './replay';

export interface RebuildSummary {
  projection: string;
  /** Events read from the feed, whether the projection handles them or not. */
  events: number;
  /** The checkpoint the rebuilt read model stands at. */
  position: bigint;
  seconds: number;
}

/**
 * Rebuilds one projection's read model from the whole feed with its own `apply`. On PostgreSQL the live
 * tables keep serving until the rebuilt ones are swapped in (`rebuildAside`). On PGlite, which one process
 * holds, it rebuilds in place: the tables are emptied with the checkpoint reset, then each batch commits
 * with its checkpoint, so a crash midway leaves a read model that the next projector resumes from.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildSummary> {
  const started = Date.now();
  const replay = new Replay(options);
  if (options.sql.engine === 'postgres') {
    if (!opensSessions(options.sql)) throw new Error('Rebuilding on PostgreSQL needs a client that opens sessions');
    await rebuildAside(options.sql, replay);
  } else {
    await rebuildInPlace(options.sql, replay);
  }
  return { projection: options.projection.name, events: replay.events, position: replay.position, seconds: (Date.now() - started) / 1000 };
}

function opensSessions(sql: SqlClient): sql is SqlClient & SessionDatabase {
  return 'session' in sql && 'schema' in sql;
}

async function rebuildInPlace(sql: SqlClient, replay: Replay): Promise<void> {
  const { projection } = replay;
  await sql.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${projection.tables.map(quoted).join(', ')}`);
    await deferIndexes(tx, projection.tables);
    await tx.query(
      `INSERT INTO projection_checkpoints (name) VALUES ($1)
       ON CONFLICT (name) DO UPDATE SET position = 0, settled = true, updated_at = now()`,
      [projection.name],
    );
  });
  await replay.start();
  await replay.untilEnd(async (batch, from, to) => {
    const afterCommit = await sql.transaction(async (tx) => {
      const after = await replay.apply(batch, tx);
      await advanceCheckpoint(tx, projection.name, from, to, false);
      return after;
    });
    afterCommit?.();
  });
  await restoreIndexes(sql);
  const settled = await sql.transaction(async (tx) => {
    await advanceCheckpoint(tx, projection.name, replay.position, replay.position, true);
    return replay.settle(tx);
  });
  settled?.();
  await new ReadModelUpkeep(sql, projection.tables).afterSettle(replay.position);
}
