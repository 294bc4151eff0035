import { quoted, type SqlClient } from '@club-ledger/kernel';

/** Upkeep again once the feed has grown by a fifth since the last (autovacuum's default share), at least by this. */
const AT_LEAST_EVENTS = 1_000n;
/** Smaller tables are read whole at little cost, planned or not. */
const NEVER_KEPT_BYTES = 1 << 20;

/**
 * PGlite runs no autovacuum: left alone, its tables never get planner statistics (every plan is a guess: a chunk
 * of 250 people's credits was read by a scan of the whole table) and never mark pages all-visible (an index that
 * carries every column read still visits the table). So the embedded projector vacuums and analyzes its tables
 * itself: once its catch-up has settled, then each time the feed has grown by a fifth. PostgreSQL's autovacuum
 * does the same there.
 */
export class ReadModelUpkeep {
  private nextAt: bigint | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly tables: readonly string[],
  ) {}

  /** Upkeep now, after a settle: the tables were just filled, and analyzed by the settle itself (`settleProjection`). */
  async afterSettle(position: bigint): Promise<void> {
    await this.run(position, 'VACUUM');
  }

  /** When the runner starts: upkeep now if a table of some size was never analyzed (a store from before upkeep). */
  async atStart(position: bigint): Promise<void> {
    if (this.nextAt !== undefined) return;
    this.nextAt = dueAfter(position);
    if (await this.neverKept()) await this.run(position, 'VACUUM (ANALYZE)');
  }

  /** Upkeep when the feed has grown enough since the last one (or since this process started). */
  async afterBatch(position: bigint): Promise<void> {
    this.nextAt ??= dueAfter(position);
    if (position >= this.nextAt) await this.run(position, 'VACUUM (ANALYZE)');
  }

  private async run(position: bigint, command: 'VACUUM' | 'VACUUM (ANALYZE)'): Promise<void> {
    this.nextAt = dueAfter(position);
    if (this.sql.engine !== 'pglite' || this.tables.length === 0) return;
    // VACUUM cannot run inside a transaction: each statement of the client runs on its own.
    await this.sql.query(`${command} ${this.tables.map(quoted).join(', ')}`);
  }

  private async neverKept(): Promise<boolean> {
    if (this.sql.engine !== 'pglite' || this.tables.length === 0) return false;
    const [{ some }] = await this.sql.query<{ some: boolean }>(
      `SELECT count(*) > 0 AS some FROM pg_class
        WHERE oid = ANY (SELECT to_regclass(quote_ident(t)) FROM unnest($1::text[]) AS t)
          AND reltuples < 0 AND pg_relation_size(oid) >= $2`,
      [[...this.tables], NEVER_KEPT_BYTES],
    );
    return some;
  }
}

function dueAfter(position: bigint): bigint {
  const fifth = position / 5n;
  return position + (fifth > AT_LEAST_EVENTS ? fifth : AT_LEAST_EVENTS);
}
