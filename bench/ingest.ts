import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { BulkCommands, CommandRejected, AwardProgramMessage, DealMessage, domainEvents, type Actor } from '@club-ledger/domain';
import { EVENT_STORE, eventIdFor, type EventStore } from '@club-ledger/event-store';
import { Projector, migrateReadModels, readModelProjections } from '@club-ledger/eligibility';
import { Clock, type AppConfig, PgliteClient, PostgresClient, type SqlClient } from '@club-ledger/kernel';
import { Importer, type NumberedRow } from '../apps/cli/src/import/importer';
import { readModelsInclude } from '../apps/cli/src/import/import-file';
import { creditKey, type ImportKind } from '../apps/cli/src/import/rows';
import { demoPrograms } from '../apps/cli/src/seed/demo-programs';
import type { GeneratedOrg } from '../apps/cli/src/seed/org-generator';
import { openLedger } from '../apps/cli/src/ledger';
import type { Report } from './report';

/**
 * `seconds` runs until the read models include everything; `importSeconds` until the last row is in the store.
 * A store ingested before the import counted new and already-recorded rows reports `accepted` instead.
 */
export interface IngestFigures {
  events: number; seconds: number; eventsPerSecond: number;
  importSeconds?: number; importEventsPerSecond?: number;
  rows?: Record<ImportKind, { rows: number; added?: number; alreadyRecorded?: number; accepted?: number; rejected: number }>;
}
export interface RebuildFigures {
  events: number; seconds: number; eventsPerSecond: number;
  bulkRows: number; bulkSeconds: number; ratioToBulk: number;
}

/** The org's rows as the importer reads them, one at a time, so a large org is not held twice. */
function* rowsOf(org: GeneratedOrg, kind: ImportKind): Generator<NumberedRow> {
  let line = 2;
  switch (kind) {
    case 'employees':
      for (const { id, name, email, department, title } of org.employees) yield { line: line++, row: { id, name, email, department, title } };
      return;
    case 'quotas':
      for (const quota of org.quotas) yield { line: line++, row: { ...quota } };
      return;
    case 'deals':
      for (const { id, name, account, ownerId, type, amount, products, openedOn, outcome, closedOn } of org.deals) {
        yield { line: line++, row: { id, name, account, ownerId, type, amount, products: products.join(';'), openedOn, outcome: outcome === 'OPEN' ? '' : outcome, closedOn: closedOn ?? '' } };
      }
      return;
    case 'credits':
      for (const deal of org.deals) {
        if (deal.outcome === 'OPEN') continue;
        for (const credit of deal.credits) {
          yield { line: line++, row: { dealId: deal.id, contributorId: credit.contributorId, kind: credit.kind, note: credit.note, creditedBy: deal.ownerId } };
        }
      }
      return;
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown import kind ${String(unknown)}`);
    }
  }
}

/** Phase 1: the org through the importer and the domain rules, then the seed's retractions and the demo programs. */
export async function ingest(config: AppConfig, org: GeneratedOrg, report: Report): Promise<IngestFigures> {
  // As the CLI imports: the rows first, then the read models catch up once.
  const ledger = await openLedger({ ...config, projector: false });
  try {
    const commands = ledger.get(CommandBus);
    const store = ledger.get<EventStore>(EVENT_STORE);
    const bulk = new BulkCommands(store, () => ledger.get(Clock).now());
    const importer = new Importer({ bulk });
    const started = performance.now();
    const rows = {} as NonNullable<IngestFigures['rows']>;
    for (const kind of ['employees', 'quotas', 'deals', 'credits'] as const) {
      const summary = await importer.run(kind, rowsOf(org, kind), (progress) => report.progress(`ingest ${kind}`, progress.rows));
      rows[kind] = { rows: summary.rows, added: summary.added, alreadyRecorded: summary.alreadyRecorded, rejected: summary.rejected.length };
    }
    await retract(bulk, org);
    await openPrograms(commands, org);
    const importSeconds = (performance.now() - started) / 1000;
    if (!(await readModelsInclude(config, ledger.get(Projector), await store.headPosition(), 3_600_000))) throw new Error('the read models did not include the ingest within an hour');
    const seconds = (performance.now() - started) / 1000;
    const events = await countEvents(store);
    return { events, seconds, eventsPerSecond: events / seconds, importSeconds, importEventsPerSecond: events / importSeconds, rows };
  } finally {
    await ledger.close();
  }
}

const RETRACTIONS_PER_BATCH = 2_000;

/** The seed's retractions, by their deals' owners, decided in memory and written a batch at a time. */
async function retract(bulk: BulkCommands, org: GeneratedOrg): Promise<void> {
  let commands: DealMessage[] = [];
  const flush = async () => {
    const batch = bulk.batch();
    await batch.executeAll(commands);
    const { refused } = await batch.flush();
    if (refused.size > 0) throw new Error(`another writer moved ${[...refused].join(', ')} during the ingest`);
    commands = [];
  };
  for (const deal of org.deals) {
    for (const credit of deal.credits) {
      if (!credit.retraction || deal.outcome !== 'WON') continue;
      const owner: Actor = { id: deal.ownerId, roles: [] };
      const creditId = eventIdFor(`credit:${creditKey(deal.id, credit.contributorId, credit.kind)}`);
      commands.push(new DealMessage({ type: 'RetractCredit', dealId: deal.id, creditId, reason: credit.retraction }, { actor: owner, correlationId: randomUUID(), idempotencyKey: `seed:retract:${creditId}` }));
      if (commands.length === RETRACTIONS_PER_BATCH) await flush();
    }
  }
  await flush();
}

async function openPrograms(commands: CommandBus, org: GeneratedOrg): Promise<void> {
  const hr: Actor = { id: 'seed', roles: ['HR'] };
  for (const program of demoPrograms(org.year)) {
    const context = (step: string) => ({ actor: hr, correlationId: randomUUID(), idempotencyKey: `seed:${step}:${program.programId}` });
    await ignoreRejection(commands.execute(new AwardProgramMessage({ type: 'DraftAwardProgram', ...program }, context('draft'))));
    await ignoreRejection(commands.execute(new AwardProgramMessage({ type: 'OpenAwardProgram', programId: program.programId }, context('open'))));
  }
}

async function ignoreRejection(step: Promise<unknown>): Promise<void> {
  try {
    await step;
  } catch (error) {
    if (!(error instanceof CommandRejected)) throw error;
  }
}

async function countEvents(store: EventStore): Promise<number> {
  let events = 0;
  for await (const event of store.readAll({})) if (event) events += 1;
  return events;
}

/**
 * Phase 3: every read model rebuilt from position zero into a fresh read-model database (a PGlite data
 * folder of its own, or a new schema on PostgreSQL) against the ingested event store, then the same number of rows
 * inserted into that database by its fastest bulk path, for the ratio.
 */
export async function rebuild(config: AppConfig, report: Report): Promise<RebuildFigures> {
  const ledger = await openLedger({ ...config, projector: false });
  const store = ledger.get<EventStore>(EVENT_STORE);
  const aside = config.readModels.engine === 'postgres' ? undefined : mkdtempSync(join(tmpdir(), 'club-ledger-bench-rebuild-'));
  const fresh = await freshReadModels(config, aside);
  try {
    await migrateReadModels(fresh);
    const head = await store.headPosition();
    const events = await countEvents(store);
    const projector = new Projector({ store, sql: fresh, catalog: domainEvents, projections: readModelProjections() });
    const started = performance.now();
    projector.start();
    const ticker = setInterval(() => report.progress('rebuild', Number(projector.status().reduce((least, status) => (status.position < least ? status.position : least), head))), 1_000);
    try {
      if (!(await projector.waitUntilPassed(head, 3_600_000))) throw new Error('the rebuild did not reach the head within an hour');
    } finally {
      clearInterval(ticker);
    }
    const seconds = (performance.now() - started) / 1000;
    await projector.stop();
    const bulkSeconds = await bulkInsert(fresh, events);
    return { events, seconds, eventsPerSecond: events / seconds, bulkRows: events, bulkSeconds, ratioToBulk: seconds / bulkSeconds };
  } finally {
    await fresh.close();
    await ledger.close();
    if (aside) rmSync(aside, { recursive: true, force: true });
  }
}

/**
 * A new schema on PostgreSQL; on PGlite a data folder of its own on disk (a large year does not fit in memory), with
 * the page cache the API would give it.
 */
function freshReadModels(config: AppConfig, folder: string | undefined): Promise<SqlClient> {
  const storage = config.readModels;
  if (storage.engine === 'postgres') return PostgresClient.open(storage.url, { schema: `${storage.schema ?? 'bench'}_rebuild` });
  if (folder === undefined) throw new Error('A rebuild on PGlite needs a data folder of its own');
  return PgliteClient.open(folder, { sharedBuffersMb: storage.sharedBuffersMb });
}

const BULK_CHUNK = 5_000;

/**
 * The physical limit: event-sized rows into a comparable table in one transaction, a multi-row INSERT per
 * chunk (pg-copy-streams is not a dependency, so COPY FROM STDIN is out of reach on PostgreSQL too).
 */
async function bulkInsert(sql: SqlClient, rows: number): Promise<number> {
  await sql.query('CREATE TABLE bench_bulk (position bigint PRIMARY KEY, stream text NOT NULL, type text NOT NULL, data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())');
  const data = JSON.stringify({ dealId: 'deal-000001', contributorId: 'emp-00001', kind: 'POC_SUPPORT', note: 'Ran the proof of concept with their engineers' });
  const started = performance.now();
  await sql.transaction(async (tx) => {
    for (let from = 0; from < rows; from += BULK_CHUNK) {
      const count = Math.min(BULK_CHUNK, rows - from);
      const values: string[] = [];
      const parameters: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const at = parameters.length;
        values.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4})`);
        parameters.push(from + i + 1, `deal-${from + i}`, 'ContributionCredited', data);
      }
      await tx.query(`INSERT INTO bench_bulk (position, stream, type, data) VALUES ${values.join(', ')}`, parameters);
    }
  });
  return (performance.now() - started) / 1000;
}
