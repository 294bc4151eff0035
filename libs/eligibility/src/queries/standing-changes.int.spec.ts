import { randomUUID } from 'node:crypto';
import { PostgresClient } from '@club-ledger/kernel';
import { SqlEventStore } from '@club-ledger/event-store';
import {
  CommandRunner, dealStream, decideDeal, decideProgram, domainEvents, evolveDeal, evolveProgram, noDeal, noProgram, programStream,
  type Actor,
} from '@club-ledger/domain';
import { Projector, migrateReadModels, readModelProjections } from '@club-ledger/eligibility';
import { generateOrg, recordOrg } from '@club-ledger/test-support/record-org';
import { StandingChanges, listenForStandingChanges } from './standing-changes';

const databaseUrl = process.env.DATABASE_URL;
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const org = generateOrg(11, { employees: 20, deals: 30 });

if (!databaseUrl) {
  it('hears a standalone projector only when DATABASE_URL is set (notifications need PostgreSQL)', () => {
    process.stdout.write('standing changes across processes: PostgreSQL skipped for want of DATABASE_URL\n');
    expect(databaseUrl).toBeUndefined();
  });
} else {
  describe('standing changes from a standalone projector (PROJECTOR=off)', () => {
    jest.setTimeout(60_000);
    const schema = `sc_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    // Two processes on one database: the projector worker and an API that runs no projections.
    let worker: PostgresClient;
    let api: PostgresClient;
    let store: SqlEventStore;
    let projector: Projector;
    let listener: { close(): Promise<void> };
    const changes = new StandingChanges();
    let runner: CommandRunner;

    beforeAll(async () => {
      process.stdout.write('standing changes across processes: running against PostgreSQL\n');
      worker = await PostgresClient.open(databaseUrl, { schema });
      api = await PostgresClient.open(databaseUrl, { schema });
      store = await SqlEventStore.open(worker);
      await migrateReadModels(worker);
      projector = new Projector({ store, sql: worker, catalog: domainEvents, projections: readModelProjections() });
      projector.start();
      listener = await listenForStandingChanges(api, changes);
      runner = new CommandRunner(store, domainEvents);
      const drafted = await runner.run(programStream('cross-functional'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
        type: 'DraftAwardProgram', actor: hr, programId: 'cross-functional', name: 'Cross-functional', description: null,
        periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
        criteria: {
          thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], rankBy: 'POINTS', maxWinners: null, kindPoints: [],
          dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true,
        },
      }, { actor: hr, correlationId: randomUUID() });
      await projector.waitUntilPassed(drafted.position as bigint, 30_000);
      await projector.waitUntilPassed(await recordOrg(runner, org), 30_000);
    });
    afterAll(async () => {
      await listener.close();
      await projector.stop();
      await store.close();
      await worker.query(`DROP SCHEMA "${schema}" CASCADE`);
      await worker.close();
      await api.close();
    });

    it('tells the API whose standing a credit changed once the projector commits it', async () => {
      const deal = org.deals.find((candidate) => candidate.outcome === 'WON') as (typeof org.deals)[number];
      const contributor = org.employees.find(
        (employee) => employee.department === 'Product Management' && !deal.credits.some((credit) => credit.contributorId === employee.id),
      ) as (typeof org.employees)[number];
      const heard = changes.watch('cross-functional');
      const owner: Actor = { id: deal.ownerId, roles: [] };
      await runner.run(dealStream(deal.id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, {
        type: 'CreditContribution', actor: owner, dealId: deal.id, creditId: randomUUID(), contributorId: contributor.id, kind: 'POC_SUPPORT',
        note: 'Weekend proof of concept', contributor: { registered: true, active: true },
      }, { actor: owner, correlationId: randomUUID() });
      const seen = new Set<string>();
      for await (const [employeeIds] of heard) {
        employeeIds.forEach((id) => seen.add(id));
        if (seen.has(contributor.id)) break;
      }
      expect(seen).toContain(contributor.id);
    });
  });
}
