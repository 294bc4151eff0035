import { randomUUID } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { CommandRejected, type Decision } from '@club-ledger/domain';
import type { Projector } from '@club-ledger/eligibility';
import { commandsOf, type ImportKind, type Row } from './rows';

export interface NumberedRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  row: Row;
}

export interface Rejection extends NumberedRow {
  code: string;
  reason: string;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  rejected: Rejection[];
}

/** The column naming the stream a row's commands write to. */
const STREAM_COLUMN: Record<ImportKind, string> = { employees: 'id', deals: 'id', credits: 'dealId', quotas: 'employeeId' };

/** How long a batch waits for the read models to include it before the next batch is checked against them. */
const CATCH_UP_MS = 60_000;

/**
 * Runs rows through the command bus in batches: the rows of a batch concurrently, each row's commands in
 * order. A rejected row is set aside with its reason and never stops the import; rows rejected in a batch
 * get one more try once the batch is in (a manager listed a few rows below their report). Any other
 * failure (the database is gone) ends the import.
 */
export class Importer {
  constructor(
    private readonly commands: CommandBus,
    private readonly projector: Projector,
    private readonly batchSize = 500,
  ) {}

  async run(kind: ImportKind, rows: AsyncIterable<NumberedRow> | Iterable<NumberedRow>, onBatch: (summary: ImportSummary) => void = () => undefined): Promise<ImportSummary> {
    const summary: ImportSummary = { rows: 0, accepted: 0, rejected: [] };
    let batch: NumberedRow[] = [];
    const flush = async () => {
      await this.runBatch(kind, batch, summary);
      batch = [];
      onBatch(summary);
    };
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= this.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return summary;
  }

  private async runBatch(kind: ImportKind, batch: NumberedRow[], summary: ImportSummary): Promise<void> {
    const correlationId = randomUUID();
    const first = await this.runConcurrently(kind, batch, correlationId);
    await this.catchUp(first);
    const retried: Array<Rejection | bigint | undefined> = [];
    for (const outcome of first) retried.push(isRejection(outcome) ? await this.runRow(kind, outcome, correlationId) : outcome);
    await this.catchUp(retried);
    summary.rows += batch.length;
    for (const outcome of retried) {
      if (isRejection(outcome)) summary.rejected.push(outcome);
      else summary.accepted += 1;
    }
  }

  /**
   * Rows on different streams run concurrently; rows on the same one (a deal's credits, listed together) in
   * file order, so they do not race each other for the stream's next revision. Outcomes come back in row order.
   */
  private async runConcurrently(kind: ImportKind, batch: NumberedRow[], correlationId: string): Promise<Array<Rejection | bigint | undefined>> {
    const outcomes: Array<Rejection | bigint | undefined> = new Array(batch.length);
    const byStream = new Map<string, number[]>();
    batch.forEach(({ row }, index) => {
      const key = row[STREAM_COLUMN[kind]] ?? `row:${index}`;
      byStream.set(key, [...(byStream.get(key) ?? []), index]);
    });
    await Promise.all(
      [...byStream.values()].map(async (indexes) => {
        for (const index of indexes) outcomes[index] = await this.runRow(kind, batch[index], correlationId);
      }),
    );
    return outcomes;
  }

  /** The position the row's last command reached, or why it was rejected. */
  private async runRow(kind: ImportKind, { line, row }: NumberedRow, correlationId: string): Promise<Rejection | bigint | undefined> {
    const commands = commandsOf(kind, row, correlationId);
    if (!Array.isArray(commands)) return { line, row, code: commands.code, reason: commands.message };
    let position: bigint | undefined;
    for (const command of commands) {
      try {
        const decision: Decision<unknown> = await this.commands.execute(command);
        position = decision.position ?? position;
      } catch (error) {
        if (error instanceof CommandRejected) return { line, row, code: error.error.code, reason: error.error.message };
        throw error;
      }
    }
    return position;
  }

  private async catchUp(outcomes: ReadonlyArray<Rejection | bigint | undefined>): Promise<void> {
    const positions = outcomes.filter((outcome): outcome is bigint => typeof outcome === 'bigint');
    if (positions.length > 0) await this.projector.waitUntilPassed(positions.reduce((a, b) => (a > b ? a : b)), CATCH_UP_MS);
  }
}

const isRejection = (outcome: Rejection | bigint | undefined): outcome is Rejection => typeof outcome === 'object';
