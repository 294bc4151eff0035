import { quoted, type SqlClient } from '@club-ledger/kernel';

/** Analyze again once the feed has grown by a fifth since the last time (autovacuum's default share), at least by this. */
const AT_LEAST_EVENTS = 1_000;
/**
 * While following the feed live, vacuum this often: every credit rewrites a standing (a table of one row per person),
 * and autovacuum waits for a fifth of a table to be dead, by which time a whole-program read crosses pages of dead
 * versions.
 */
const VACUUM_EVERY_EVENTS = 2_000;
/**
 * Tables most batches rewrite many rows of are vacuumed more often: a credit moves its contributor's rank, and the
 * standings of everyone ranked near them with it, so dead rows pile up fast and every rerank would cross them. A short
 * interval keeps the table near its live size at the cost of small, frequent vacuums.
 */
const VACUUM_REWRITTEN_EVERY_EVENTS = 250;
/** Smaller tables are read whole at little cost, planned or not. */
const NEVER_KEPT_BYTES = 1 << 20;

/**
 * PGlite runs no autovacuum: left alone, its tables never get planner statistics (every plan is a guess: a chunk
 * of 250 people's credits was read by a scan of the whole table), never mark pages all-visible (an index that
 * carries every column read still visits the table) and keep every dead version of a row rewritten. So the embedded
 * projector vacuums and analyzes its tables itself: once its catch-up has settled, then each time the feed has grown
 * by a fifth; and, following the feed live, it vacuums every 2,000 events, and the tables rewritten most often every
 * 250. PostgreSQL's autovacuum does this there.
 *
 * Intervals are counted in events applied, never read off positions: a position only orders the feed, and EventStoreDB's
 * (a byte offset, packed with another) grows by far more than one per event. The share of a fifth is measured on
 * positions, which grow in proportion to the feed on every store.
 */
export class ReadModelUpkeep {
  /** Events of the feed this process has applied, handled or not. */
  private applied = 0;
  private analyzeAt: { position: bigint; applied: number } | undefined;
  private vacuumAt: number | undefined;
  private rewrittenVacuumAt: number | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly tables: readonly string[],
    private readonly rewrittenOften: readonly string[] = [],
  ) {}

  /** The runner took `events` more events of the feed, before it applies them. */
  counted(events: number): void {
    this.applied += events;
  }

  /** Whether a settle at `position` should analyze the tables: never yet in this process, or the feed grew by a fifth. */
  analysisDue(position: bigint): boolean {
    return this.analyzeAt === undefined || (position >= this.analyzeAt.position && this.applied >= this.analyzeAt.applied);
  }

  /**
   * Upkeep now, after a settle; `analyzed` says the settle analyzed the tables itself (`settleProjection`). `filled`: the
   * settle ended a catch-up from nothing, which filled the tables, vacuumed then on PostgreSQL too: until a vacuum marks
   * their pages all-visible no read is answered from an index alone, and autovacuum comes when it comes (a large year's
   * past moment read every person's credits from the table: 2.4 s, then 1.0 s once vacuumed).
   */
  async afterSettle(position: bigint, analyzed = true, filled = false): Promise<void> {
    if (analyzed) this.analyzeAt = this.dueAfter(position);
    await this.run('VACUUM', filled);
  }

  /**
   * When the runner starts: upkeep now if a table of some size has no statistics (a store from before upkeep, or one
   * whose standings an earlier settle filled after it had analyzed the tables).
   */
  async atStart(position: bigint): Promise<void> {
    if (this.analyzeAt !== undefined) return;
    this.analyzeAt = this.dueAfter(position);
    this.vacuumAt = this.applied + VACUUM_EVERY_EVENTS;
    if (await this.neverKept()) await this.run('VACUUM (ANALYZE)');
  }

  /**
   * After a batch: analyze too when the feed has grown by a fifth since the last time (or since this process started);
   * else, following the feed live (not catching up, which a settle ends with a vacuum), vacuum every table, or the
   * tables rewritten most often, when it is time.
   */
  async afterBatch(position: bigint, catchingUp: boolean): Promise<void> {
    this.analyzeAt ??= this.dueAfter(position);
    this.vacuumAt ??= this.applied + VACUUM_EVERY_EVENTS;
    this.rewrittenVacuumAt ??= this.applied + VACUUM_REWRITTEN_EVERY_EVENTS;
    if (this.analysisDue(position)) {
      this.analyzeAt = this.dueAfter(position);
      await this.run('VACUUM (ANALYZE)');
    } else if (!catchingUp && this.applied >= this.vacuumAt) {
      await this.run('VACUUM');
    } else if (!catchingUp && this.applied >= this.rewrittenVacuumAt) {
      this.rewrittenVacuumAt = this.applied + VACUUM_REWRITTEN_EVERY_EVENTS;
      await this.vacuum('VACUUM', this.rewrittenOften);
    }
  }

  /** When analysis is next due after one at `position`: the feed a fifth larger, and at least a thousand events on. */
  private dueAfter(position: bigint): { position: bigint; applied: number } {
    return { position: position + position / 5n, applied: this.applied + AT_LEAST_EVENTS };
  }

  /** Every table, which includes those rewritten most often: both schedules start again. */
  private async run(command: 'VACUUM' | 'VACUUM (ANALYZE)', onEveryEngine = false): Promise<void> {
    this.vacuumAt = this.applied + VACUUM_EVERY_EVENTS;
    this.rewrittenVacuumAt = this.applied + VACUUM_REWRITTEN_EVERY_EVENTS;
    await this.vacuum(command, this.tables, onEveryEngine);
  }

  /** On PGlite; on PostgreSQL, whose autovacuum keeps the tables, only when asked (`afterSettle`). */
  private async vacuum(command: 'VACUUM' | 'VACUUM (ANALYZE)', tables: readonly string[], onEveryEngine = false): Promise<void> {
    if ((this.sql.engine !== 'pglite' && !onEveryEngine) || tables.length === 0) return;
    // VACUUM cannot run inside a transaction: each statement of the client runs on its own.
    await this.sql.query(`${command} ${tables.map(quoted).join(', ')}`);
  }

  private async neverKept(): Promise<boolean> {
    if (this.sql.engine !== 'pglite' || this.tables.length === 0) return false;
    // Without statistics of any column: a VACUUM counts a table's rows (reltuples) but gathers none. Each table is
    // looked up by name, not pg_class scanned for them: on a store just opened, with its catalog not yet cached, the scan
    // was most of the API's start on PGlite.
    const [{ some }] = await this.sql.query<{ some: boolean }>(
      `SELECT EXISTS (
         SELECT FROM unnest($1::text[]) AS t(name) CROSS JOIN LATERAL (SELECT to_regclass(quote_ident(t.name))::oid AS oid) AS c
          WHERE pg_relation_size(c.oid) >= $2 AND NOT EXISTS (SELECT FROM pg_statistic s WHERE s.starelid = c.oid)) AS some`,
      [[...this.tables], NEVER_KEPT_BYTES],
    );
    return some;
  }
}
