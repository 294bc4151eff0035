import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { CommandBus } from '@nestjs/cqrs';
import { CommandRejected, streamOf, type BulkCommand, type BulkCommands, type CommandBatch, type Decision, type DomainError } from '@club-ledger/domain';
import type { Flushed } from '@club-ledger/event-store';
import type { Projector } from '@club-ledger/eligibility';
import { commandsOf, type ImportKind, type Row } from './rows';

export interface NumberedRow {
  /** The line of the file the row ends on (the header is line 1). */
  line: number;
  row: Row;
  /** Why the row was refused as it was read (its size, its encoding), before it could become commands. */
  refused?: DomainError;
}

export interface Rejection extends NumberedRow {
  code: string;
  reason: string;
}

export interface ImportSummary {
  rows: number;
  /** Rows that recorded something. */
  added: number;
  /** Rows whose facts were recorded before (the same file imported again): nothing appended. */
  alreadyRecorded: number;
  rejected: Rejection[];
}

/**
 * How the rows' commands are decided: one at a time through the command bus, each read, decided and appended on
 * its own, each batch waiting for the read models (`projector`) before the next is checked; or in memory a batch at a
 * time (`BulkCommands`), each batch written at once. The rules and the outcomes are the same; the second reads
 * nothing but the streams it decides on, so it never waits for the read models: its caller lets them catch up.
 */
export type ImportPath = { rowByRow: CommandBus; projector: Projector } | { bulk: BulkCommands };

/** The column naming the stream a row's commands write to. */
const STREAM_COLUMN: Record<ImportKind, string> = { employees: 'id', deals: 'id', credits: 'dealId', quotas: 'employeeId' };
/** How long a batch waits for the read models to include it before the next batch is checked against them. */
const CATCH_UP_MS = 60_000;
/** How many times a bulk batch is decided again when another writer moved one of its streams meanwhile. */
const BULK_ATTEMPTS = 5;

type Outcome = Rejection | { added: boolean; position?: bigint };

interface Executor {
  execute(command: BulkCommand): Promise<Decision<unknown>>;
}

/**
 * Runs rows through the domain's command handlers in batches: the rows of a batch concurrently, each row's
 * commands in order. A rejected row is set aside with its reason and never stops the import; rows rejected in a
 * batch get one more try once the batch is in (a manager listed a few rows below their report). Any other
 * failure (the database is gone) ends the import.
 */
export class Importer {
  private readonly batchSize: number;

  constructor(
    private readonly path: ImportPath,
    { batchSize }: { batchSize?: number } = {},
  ) {
    this.batchSize = batchSize ?? ('bulk' in path ? 2_000 : 500);
  }

  async run(kind: ImportKind, rows: AsyncIterable<NumberedRow> | Iterable<NumberedRow>, onBatch: (summary: ImportSummary) => void = () => undefined): Promise<ImportSummary> {
    const summary: ImportSummary = { rows: 0, added: 0, alreadyRecorded: 0, rejected: [] };
    const record = (outcomes: readonly Outcome[]) => {
      summary.rows += outcomes.length;
      for (const outcome of outcomes) {
        if (isRejection(outcome)) summary.rejected.push(outcome);
        else if (outcome.added) summary.added += 1;
        else summary.alreadyRecorded += 1;
      }
      onBatch(summary);
    };
    const path = this.path;
    const next = 'bulk' in path ? this.pipelined(path.bulk, kind, record) : { take: async (batch: NumberedRow[]) => record(await this.rowBatch(path, kind, batch)), end: async () => undefined };
    let batch: NumberedRow[] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= this.batchSize) {
        await next.take(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await next.take(batch);
    await next.end();
    return summary;
  }

  /**
   * Bulk batches one after another, each decided while the one before it is written: a batch goes on from the
   * streams as the one before left them, and its write lands after that one's. When a write is refused, the next
   * batch rests on it: both writes are let land, the rows of each decided again in order, and the next batch starts
   * afresh from the store.
   */
  private pipelined(bulk: BulkCommands, kind: ImportKind, record: (outcomes: readonly Outcome[]) => void) {
    let writing: Writing | undefined;
    return {
      take: async (batch: NumberedRow[]) => {
        const next = await this.decided(bulk, kind, batch, writing?.commands);
        const before = writing;
        writing = next;
        if (!before) return;
        const flushed = await before.flushed;
        if (!flushed.stale && flushed.refused.size === 0) return record(before.outcomes);
        const nextFlushed = await next.flushed;
        writing = undefined;
        record(await this.settled(bulk, kind, before, flushed));
        record(await this.settled(bulk, kind, next, nextFlushed));
      },
      end: async () => {
        const last = writing;
        writing = undefined;
        if (last) record(await this.settled(bulk, kind, last, await last.flushed));
      },
    };
  }

  /** A bulk batch decided in memory (after `earlier`, from the streams it left), its write started. */
  private async decided(bulk: BulkCommands, kind: ImportKind, batch: NumberedRow[], earlier?: CommandBatch): Promise<Writing> {
    const commands = bulk.batch(earlier);
    const rows = prepared(kind, batch);
    await commands.prefetch(rows.flatMap((row) => (Array.isArray(row.commands) ? row.commands : [])));
    const first = await this.runConcurrently(commands, kind, rows);
    const outcomes: Outcome[] = [];
    for (const [n, outcome] of first.entries()) outcomes.push(isRejection(outcome) ? await this.runRow(commands, rows[n]) : outcome);
    const flushed = commands.flush();
    // Awaited when the batch is settled; a failure before then must not go unheard.
    flushed.catch(() => undefined);
    return { batch, rows, outcomes, commands, flushed };
  }

  /**
   * A written batch's outcomes: rows on a stream another writer moved (every row, when the batch was stale) are
   * decided again, on the streams as they now stand.
   */
  private async settled(bulk: BulkCommands, kind: ImportKind, { batch, rows, outcomes }: Writing, { refused, stale }: Flushed, attempt = 1): Promise<Outcome[]> {
    const again = rows.flatMap(({ commands }, n) => (stale || (Array.isArray(commands) && commands.length > 0 && refused.has(streamOf(commands[0]))) ? [n] : []));
    if (again.length === 0) return outcomes;
    const redone = await this.bulkBatch(bulk, kind, again.map((n) => batch[n]), attempt + 1);
    const settled = [...outcomes];
    again.forEach((n, i) => (settled[n] = redone[i]));
    return settled;
  }

  /** One command at a time through the bus; each pass waits for the read models before the next is checked. */
  private async rowBatch({ rowByRow, projector }: { rowByRow: CommandBus; projector: Projector }, kind: ImportKind, batch: NumberedRow[]): Promise<Outcome[]> {
    const rows = prepared(kind, batch);
    const executor: Executor = { execute: (command) => rowByRow.execute(command) };
    const first = await this.runConcurrently(executor, kind, rows);
    await catchUp(projector, first);
    const retried: Outcome[] = [];
    for (const [n, outcome] of first.entries()) retried.push(isRejection(outcome) ? await this.runRow(executor, rows[n]) : outcome);
    await catchUp(projector, retried);
    return retried;
  }

  /**
   * Decided in memory and written at once. A stream another writer moved meanwhile is refused whole: the rows on
   * it are decided again, on the stream as it now stands, in a batch of their own.
   */
  private async bulkBatch(bulk: BulkCommands, kind: ImportKind, batch: NumberedRow[], attempt = 1): Promise<Outcome[]> {
    if (attempt > BULK_ATTEMPTS) throw new Error(`the ${kind} import kept meeting other writers on the same streams; run it again`);
    const writing = await this.decided(bulk, kind, batch);
    return this.settled(bulk, kind, writing, await writing.flushed, attempt);
  }

  /**
   * Rows on different streams run concurrently; rows on the same one (a deal's credits, listed together) in
   * file order, so they do not race each other for the stream's next revision. Outcomes come back in row order.
   */
  private async runConcurrently(executor: Executor, kind: ImportKind, rows: readonly Prepared[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const byStream = new Map<string, number[]>();
    rows.forEach(({ row }, index) => {
      const key = row[STREAM_COLUMN[kind]] ?? `row:${index}`;
      const indexes = byStream.get(key);
      if (indexes) indexes.push(index);
      else byStream.set(key, [index]);
    });
    await Promise.all(
      [...byStream.values()].map(async (indexes) => {
        for (const index of indexes) {
          outcomes[index] = await this.runRow(executor, rows[index]);
          // Decided in memory, a batch is one long run of promises: the write of the batch before it, which waits on
          // the database's answers, goes on only when the event loop gets a turn.
          await setImmediate();
        }
      }),
    );
    return outcomes;
  }

  /** Whether the row recorded anything and the position its last command reached, or why it was rejected. */
  private async runRow(executor: Executor, { line, row, commands }: Prepared): Promise<Outcome> {
    if (!Array.isArray(commands)) return { line, row, code: commands.code, reason: commands.message };
    let position: bigint | undefined;
    let added = false;
    for (const command of commands) {
      try {
        const decision = await executor.execute(command);
        position = decision.position ?? position;
        added ||= decision.events.length > 0 && !decision.replayed;
      } catch (error) {
        if (error instanceof CommandRejected) return { line, row, code: error.error.code, reason: error.error.message };
        throw error;
      }
    }
    return { added, position };
  }
}

async function catchUp(projector: Projector, outcomes: readonly Outcome[]): Promise<void> {
  const positions = outcomes.flatMap((outcome) => (isRejection(outcome) || outcome.position === undefined ? [] : [outcome.position]));
  if (positions.length > 0) await projector.waitUntilPassed(positions.reduce((a, b) => (a > b ? a : b)), CATCH_UP_MS);
}

/** A bulk batch decided, its write under way. */
interface Writing {
  batch: NumberedRow[];
  rows: Prepared[];
  outcomes: Outcome[];
  commands: CommandBatch;
  flushed: Promise<Flushed>;
}

/** A row and the commands it stands for (or why it cannot become any), under one correlation id per batch. */
interface Prepared extends NumberedRow {
  commands: BulkCommand[] | DomainError;
}

function prepared(kind: ImportKind, rows: readonly NumberedRow[]): Prepared[] {
  const correlationId = randomUUID();
  return rows.map(({ line, row, refused }) => ({ line, row, commands: refused ?? commandsOf(kind, row, correlationId) }));
}

const isRejection = (outcome: Outcome): outcome is Rejection => 'code' in outcome;
