import type { SqlExecutor } from '@club-ledger/kernel';

export class CheckpointMovedError extends Error {
  constructor(
    readonly projection: string,
    readonly expected: bigint,
  ) {
    super(`Checkpoint of ${projection} is no longer at ${expected}: another runner applied this batch`);
    this.name = 'CheckpointMovedError';
  }
}

export interface Checkpoint {
  position: bigint;
  /** False while the projection owes what it put off catching up (`Projection.settle`). */
  settled: boolean;
}

export async function readCheckpoint(sql: SqlExecutor, projection: string): Promise<Checkpoint> {
  await sql.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection]);
  const [row] = await sql.query<{ position: string; settled: boolean }>(
    `SELECT position::text AS position, settled FROM projection_checkpoints WHERE name = $1`,
    [projection],
  );
  return { position: BigInt(row.position), settled: row.settled };
}

export async function loadCheckpoint(sql: SqlExecutor, projection: string): Promise<bigint> {
  return (await readCheckpoint(sql, projection)).position;
}

/** Moves the checkpoint only from where this runner found it, so two runners can never both apply a batch. */
export async function advanceCheckpoint(tx: SqlExecutor, projection: string, from: bigint, to: bigint, settled = true): Promise<void> {
  const moved = await tx.query(
    `UPDATE projection_checkpoints SET position = $3::numeric, settled = $4, updated_at = now()
      WHERE name = $1 AND position = $2::numeric RETURNING name`,
    [projection, from.toString(), to.toString(), settled],
  );
  if (moved.length !== 1) throw new CheckpointMovedError(projection, from);
}
