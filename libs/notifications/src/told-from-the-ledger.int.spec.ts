import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import { CommandRunner, dealStream, deals, domainEvents, programStream, programs, type Actor, type ContributionKind } from '@club-ledger/domain';
import { migrateReadModels, Projector, readModelProjections, standingPlaces } from '@club-ledger/eligibility';
import { sqlEngines } from '@club-ledger/test-support';
import { recordOrg, type GeneratedDeal, type GeneratedEmployee, type GeneratedOrg } from '@club-ledger/test-support/record-org';
import { holdBackHistory } from './history';
import { readNotifications } from './notification.queries';
import { Notifications } from './notifications';
import { migrateNotifications } from './schema';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const owner: Actor = { id: 'rep-1', roles: [] };
const person = (id: string, department: GeneratedEmployee['department'] = 'Product Management'): GeneratedEmployee => ({ id, name: `Person ${id}`, email: `${id}@example.com`, department, title: 'PM' });
const wonDeal = (id: string, credits: [contributorId: string, kind: ContributionKind][]): GeneratedDeal => ({
  id, name: `Deal ${id}`, account: 'Acme', ownerId: owner.id, type: 'NEW_BUSINESS', amount: '1000.00', products: [], openedOn: '2026-02-01',
  outcome: 'WON', closedOn: '2026-03-01', credits: credits.map(([contributorId, kind]) => ({ creditId: `${id}/${contributorId}/${kind}`, contributorId, kind, note: 'Helped', creditedOn: '2026-03-02' })),
});

/** A ledger on one SQL engine: its store, the read models and the notifications projected together, as an app runs them. */
async function openLedger(sql: SqlClient) {
  const store: EventStore = await SqlEventStore.open(sql);
  await migrateReadModels(sql);
  await migrateNotifications(sql);
  const runner = new CommandRunner(store, domainEvents);
  let last = 0n;
  const run = async (...args: Parameters<CommandRunner['run']>) => {
    const decision = await runner.run(...args);
    last = decision.position ?? last;
  };
  const context = (actor: Actor) => ({ actor, correlationId: randomUUID() });
  let projector: Projector | undefined;
  let notifications: Notifications | undefined;
  return {
    store,
    /** Top-10 by points (a POC is worth ten, an assist one), one winner: the cap makes the cutoff. */
    async openProgram(programId: string) {
      await run(programStream(programId), programs, {
        type: 'DraftAwardProgram', actor: hr, programId, name: `Club ${programId}`, description: null, periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: [],
        criteria: {
          thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], rankBy: 'POINTS', maxWinners: 1, excludeFlaggedDeals: false, requireActive: true,
          kindPoints: [{ kind: 'POC_SUPPORT', points: 10 }, { kind: 'DEAL_ASSIST', points: 1 }], dealTypeMultipliers: [], productMultipliers: [],
        },
      }, context(hr));
      await run(programStream(programId), programs, { type: 'OpenAwardProgram', actor: hr, programId }, context(hr));
    },
    async record(org: GeneratedOrg) {
      last = (await recordOrg(runner, org)) || last;
    },
    async credit(dealId: string, contributorId: string, kind: ContributionKind) {
      await run(dealStream(dealId), deals, {
        type: 'CreditContribution', actor: owner, dealId, creditId: randomUUID(), contributorId, kind, note: 'Helped again', contributor: { registered: true, active: true },
      }, context(owner));
    },
    /** Starts the projector and the notifications beside it, as the API does (`holdBackHistory` first). */
    async start() {
      await holdBackHistory(sql, store);
      notifications = new Notifications({
        sql, clock: { now: () => new Date() }, places: standingPlaces,
        config: { smtpUrl: 'smtp://localhost:1', mailFrom: 'ledger@example.com', chatWebhookUrl: null, hrEmail: null, maxAttempts: 8 },
      });
      projector = new Projector({
        store, sql, catalog: domainEvents,
        projections: [...readModelProjections({ onStandingsChanged: notifications.standingsChanged }), notifications.projection],
      });
      projector.start();
      void notifications.watch.reviewAll();
    },
    /** Once everything recorded is projected and every review it asked for is done. */
    async settled() {
      expect(await projector?.waitUntilPassed(last, 60_000)).toBe(true);
      await notifications?.watch.settled();
    },
    told: (kinds: readonly string[]) =>
      sql.query<{ recipient: string; kind: string }>(`SELECT recipient, kind FROM notifications WHERE kind = ANY ($1::text[]) ORDER BY seq`, [kinds]),
    delivered: () =>
      sql.query<{ recipient: string; kind: string; channel: string }>(
        `SELECT n.recipient, n.kind, d.channel FROM deliveries d JOIN notifications n ON n.id = d.notification_id ORDER BY n.recipient, n.kind, d.channel`,
      ),
    async stop() {
      await projector?.stop();
      await notifications?.stop();
    },
    async close() {
      await this.stop();
      await store.close();
    },
  };
}

describe.each(sqlEngines('notifications from the ledger'))('notifications from the ledger on $name', ({ name, open }) => {
  jest.setTimeout(120_000);
  let sql: SqlClient;
  let ledger: Awaited<ReturnType<typeof openLedger>>;

  beforeEach(async () => {
    sql = await open();
    ledger = await openLedger(sql);
    process.stdout.write(`notifications from the ledger: running against ${name}\n`);
  });
  afterEach(async () => {
    await ledger.close();
    await sql.close();
  });

  const PLACES = ['QUALIFIED', 'NEAR_MISS', 'NO_LONGER_QUALIFIED'];

  async function threeHelpersInOneProgram() {
    await ledger.start();
    await ledger.record({
      year: 2026, quotas: [],
      employees: [person('rep-1', 'Sales'), person('pm-1'), person('pm-2'), person('pm-3')],
      // pm-1 and pm-3 tie at 10 points (pm-1 first by id), pm-2 has 1: all meet the threshold, one place.
      deals: [wonDeal('d-1', [['pm-1', 'POC_SUPPORT'], ['pm-3', 'POC_SUPPORT'], ['pm-2', 'DEAL_ASSIST']]), wonDeal('d-2', [])],
    });
    await ledger.openProgram('p-1');
    await ledger.settled();
  }

  it('tells a near miss by the near-miss rule: within the margin of the cutoff, not merely every threshold met', async () => {
    await threeHelpersInOneProgram();
    expect(await ledger.told(PLACES)).toEqual([
      { recipient: 'pm-1', kind: 'QUALIFIED' },
      { recipient: 'pm-3', kind: 'NEAR_MISS' },
    ]);
  });

  it('places the people named, and of everyone a cutoff decides only those a move since they were placed places otherwise', async () => {
    await threeHelpersInOneProgram();
    const everyone = await standingPlaces(sql, 'p-1', null);
    expect(everyone.cutoff).toBe(10);
    expect(Object.fromEntries(everyone.places)).toEqual({ 'pm-1': 'QUALIFIED', 'pm-2': 'NONE', 'pm-3': 'NEAR_MISS', 'rep-1': 'NONE' });
    // The watch placed everyone at this cutoff: its reviews since (the cutoff has not moved) place only whom they name.
    expect(await sql.query(`SELECT program_id, value FROM qualification_cutoffs`)).toEqual([{ program_id: 'p-1', value: 10 }]);
    expect([...(await standingPlaces(sql, 'p-1', ['pm-2'], 10)).places.keys()]).toEqual(['pm-2']);
    // From 12 to 10 the near-miss line fell from 10.8 to 9: pm-3's 10 now clears it. From 11 (a line of 9.9) it cleared both.
    expect([...(await standingPlaces(sql, 'p-1', ['pm-2'], 12)).places.keys()].sort()).toEqual(['pm-2', 'pm-3']);
    expect([...(await standingPlaces(sql, 'p-1', ['pm-2'], 11)).places.keys()]).toEqual(['pm-2']);
    // No cutoff before, or no placing yet: everyone who meets every threshold.
    expect([...(await standingPlaces(sql, 'p-1', ['pm-2'], null)).places.keys()].sort()).toEqual(['pm-2', 'pm-3']);
    expect([...(await standingPlaces(sql, 'p-1', ['pm-2'])).places.keys()].sort()).toEqual(['pm-2', 'pm-3']);
  });

  it('tells a near miss once per time they become one, however many reviews or batches, a moving cutoff included', async () => {
    await ledger.start();
    await ledger.record({
      year: 2026, quotas: [], employees: [person('rep-1', 'Sales'), person('pm-1'), person('pm-3')],
      deals: [wonDeal('d-1', [['pm-1', 'POC_SUPPORT'], ['pm-3', 'POC_SUPPORT']]), wonDeal('d-2', [])],
    });
    await ledger.openProgram('p-1');
    await ledger.settled();
    await ledger.credit('d-1', 'pm-3', 'DEAL_ASSIST');
    await ledger.settled();
    expect(await ledger.told(PLACES)).toEqual([
      { recipient: 'pm-1', kind: 'QUALIFIED' },
      { recipient: 'pm-3', kind: 'NEAR_MISS' },
      // pm-3 overtakes pm-1 (11 points against 10), who stays close.
      { recipient: 'pm-1', kind: 'NO_LONGER_QUALIFIED' },
      { recipient: 'pm-3', kind: 'QUALIFIED' },
    ]);
    // pm-3 pulls away (21 against 10): pm-1 is no longer close, though pm-1's own standing did not change.
    await ledger.credit('d-2', 'pm-3', 'POC_SUPPORT');
    await ledger.settled();
    // pm-1 closes the gap (20 against 21): close again, and told again, once.
    await ledger.credit('d-2', 'pm-1', 'POC_SUPPORT');
    await ledger.settled();
    expect((await ledger.told(PLACES)).slice(4)).toEqual([{ recipient: 'pm-1', kind: 'NEAR_MISS' }]);
  });

  it('keeps what was recorded before notifications first ran in the app, already read, and delivers only what comes after', async () => {
    await ledger.record({
      year: 2026, quotas: [], employees: [person('rep-1', 'Sales'), person('pm-1'), person('pm-3')],
      deals: [wonDeal('d-1', [['pm-1', 'POC_SUPPORT']]), wonDeal('d-2', [])],
    });
    await ledger.openProgram('p-1');
    await ledger.start();
    await ledger.settled();
    expect(await ledger.delivered()).toEqual([]);
    const history = await readNotifications(sql, { id: 'pm-1', hr: false }, { unreadOnly: false, offset: 0, limit: 10 });
    expect(history.nodes.map(({ kind, read }) => ({ kind, read }))).toEqual([
      { kind: 'QUALIFIED', read: true }, { kind: 'PROGRAM_OPENED', read: true }, { kind: 'CREDITED', read: true },
    ]);
    expect(history.unread).toBe(0);

    // pm-3 ties pm-1 at 10 points and loses the tie by id: credited, and close.
    await ledger.credit('d-2', 'pm-3', 'POC_SUPPORT');
    await ledger.settled();
    const news = [{ recipient: 'pm-3', kind: 'CREDITED', channel: 'EMAIL' }, { recipient: 'pm-3', kind: 'NEAR_MISS', channel: 'EMAIL' }];
    expect(await ledger.delivered()).toEqual(news);
    expect((await readNotifications(sql, { id: 'pm-3', hr: false }, { unreadOnly: true, offset: 0, limit: 10 })).unread).toBe(2);

    // Rebuilt from the start of the feed, the notifications tell no one anything twice.
    await ledger.stop();
    await sql.query(`UPDATE projection_checkpoints SET position = 0 WHERE name = 'notifications'`);
    await ledger.start();
    await ledger.settled();
    expect(await ledger.delivered()).toEqual(news);
  });
});
