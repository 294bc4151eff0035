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

export async function loadCheckpoint(sql: SqlExecutor, projection: string): Promise<bigint> {
  await sql.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection]);
  const [row] = await sql.query<{ position: string }>(
    `SELECT position::text AS position FROM projection_checkpoints WHERE name = $1`,
    [projection],
  );
  return BigInt(row.position);
}

/** Moves the checkpoint only from where this runner found it, so two runners can never both apply a batch. */
export async function advanceCheckpoint(tx: SqlExecutor, projection: string, from: bigint, to: bigint): Promise<void> {
  const moved = await tx.query(
    `UPDATE projection_checkpoints SET position = $3::numeric, updated_at = now()
      WHERE name = $1 AND position = $2::numeric RETURNING name`,
    [projection, from.toString(), to.toString()],
  );
  if (moved.length !== 1) throw new CheckpointMovedError(projection, from);
}
