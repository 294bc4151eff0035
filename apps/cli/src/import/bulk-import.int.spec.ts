import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CommandBus } from '@nestjs/cqrs';
import { BulkCommands } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { loadConfig } from '@club-ledger/kernel';
import { Projector } from '@club-ledger/eligibility';
import { apiTargets, startEsdbTestServer, type EsdbTestServer } from '@club-ledger/test-support';
import { openLedger } from '../ledger';
import { exportsOf } from '../seed/seed';
import { generateOrg } from '../seed/org-generator';
import { readRows } from './csv';
import { Importer, type ImportPath, type ImportSummary } from './importer';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from './rows';

const folder = mkdtempSync(join(tmpdir(), 'club-ledger-bulk-import-'));

/**
 * A small org's exports, with rows each rule refuses, a manager listed below their report (accepted on the batch's
 * second try), an email taken in an earlier batch, and rows listed twice.
 */
function exportFiles(): Record<ImportKind, string> {
  const files = exportsOf(generateOrg(7, { employees: 24, deals: 40 }));
  const [first, second] = files.employees;
  // In the first batch of five, the report on line 3 and their manager on line 5.
  files.employees.splice(1, 0, { ...second, id: 'report-1', email: 'report@example.com', managerId: 'late-manager' });
  files.employees.splice(3, 0, { id: 'late-manager', name: 'Mo Manager', email: 'mo@example.com', department: 'Sales' });
  files.employees.push(
    { id: 'copycat', name: 'Copy Cat', email: first.email, department: 'Sales' },
    { id: 'no-email', name: 'No Email', email: 'not-an-email', department: 'Sales' },
    first,
  );
  files.deals.push({ ...files.deals[3] }, { ...files.deals[0], id: 'orphan', ownerId: 'nobody' }, { ...files.deals[1], id: 'early-close', closedOn: '2020-01-01', outcome: 'WON' });
  const won = files.deals.find((deal) => deal.outcome === 'WON') as Record<string, string>;
  const lost = files.deals.find((deal) => deal.outcome === 'LOST') as Record<string, string>;
  files.credits.push(
    { ...files.credits[0] },
    { dealId: won.id, contributorId: won.ownerId, kind: 'DEAL_ASSIST', note: 'Me', creditedBy: won.ownerId },
    { dealId: lost.id, contributorId: first.id, kind: 'DEAL_ASSIST', note: 'Lost anyway', creditedBy: lost.ownerId },
    { dealId: won.id, contributorId: 'ghost', kind: 'DEAL_ASSIST', note: 'Who', creditedBy: won.ownerId },
  );
  return Object.fromEntries(
    IMPORT_KINDS.map((kind) => {
      const path = join(folder, `${kind}.csv`);
      const columns = [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
      writeFileSync(path, stringify(files[kind], { header: true, columns }));
      return [kind, path];
    }),
  ) as Record<ImportKind, string>;
}

/** What a row's outcome says, without what differs by run (the correlation ids, the clock). */
const outcomeOf = ({ rows, added, alreadyRecorded, rejected }: ImportSummary) => ({ rows, added, alreadyRecorded, rejected: rejected.map(({ line, code }) => `${line} ${code}`) });

/** Each stream's events as recorded, without the store's positions, timestamps and correlation ids. */
async function eventLogOf(store: EventStore): Promise<string[]> {
  const log: string[] = [];
  for await (const { stream, revision, id, type, data, metadata } of store.readAll()) {
    log.push(JSON.stringify([stream, String(revision), id, type, data, metadata.actor, metadata.schemaVersion]));
  }
  return log.sort();
}

/** Each import in a store of its own: on EventStoreDB, a test server of its own. */
const servers: EsdbTestServer[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.stop())));
const targets = apiTargets('bulk-import').map((target) => ({
  ...target,
  env: async () => {
    const env = await target.env();
    if (target.eventStore !== 'eventstoredb') return env;
    const server = await startEsdbTestServer();
    servers.push(server);
    return { ...env, EVENTSTORE_CONNECTION_STRING: server.connectionString };
  },
}));

describe.each(targets)('the same export imported row by row and in bulk on $name', (target) => {
  // Four imports of a small org, the EventStoreDB ones through its test server: minutes on a busy machine.
  jest.setTimeout(300_000);
  const files = exportFiles();

  /** Imports every file twice through `path` into a store of its own, in batches of 5 rows: the summaries and the log. */
  async function importedThrough(path: (ledger: Awaited<ReturnType<typeof openLedger>>) => ImportPath) {
    const config = loadConfig(await target.env());
    const ledger = await openLedger(config);
    try {
      const importer = new Importer(path(ledger), { batchSize: 5 });
      const summaries: ReturnType<typeof outcomeOf>[] = [];
      for (const round of [1, 2]) {
        for (const kind of IMPORT_KINDS) {
          const summary = await importer.run(kind, readRows(files[kind], COLUMNS[kind].required, config.importBounds, () => undefined));
          summaries.push({ ...outcomeOf(summary), round, kind } as ReturnType<typeof outcomeOf>);
        }
      }
      return { summaries, log: await eventLogOf(ledger.get<EventStore>(EVENT_STORE)) };
    } finally {
      await ledger.close();
    }
  }

  it('records the same events, and reports the same rows new, already recorded and rejected', async () => {
    const rowByRow = await importedThrough((ledger) => ({ rowByRow: ledger.get(CommandBus), projector: ledger.get(Projector) }));
    const bulk = await importedThrough((ledger) => ({ bulk: new BulkCommands(ledger.get<EventStore>(EVENT_STORE)) }));
    expect(bulk.summaries).toEqual(rowByRow.summaries);
    expect(bulk.log).toEqual(rowByRow.log);
    // The export exercises what it is meant to: every kind of outcome, and a second round that adds nothing.
    const [employees] = bulk.summaries;
    expect(employees.rejected).toEqual(['28 ALREADY_EXISTS', '29 BAD_USER_INPUT']);
    expect(bulk.summaries.slice(0, 4).every((summary) => summary.added > 0)).toBe(true);
    expect(bulk.summaries.slice(4).map((summary) => summary.added)).toEqual([0, 0, 0, 0]);
    expect(bulk.summaries.slice(4).map((summary) => summary.alreadyRecorded + summary.rejected.length === summary.rows)).toEqual([true, true, true, true]);
    expect(bulk.log.some((event) => event.includes('"report-1"') && event.includes('late-manager'))).toBe(true);
  });
});
