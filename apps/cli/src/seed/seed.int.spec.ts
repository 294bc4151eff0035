import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { loadConfig, type SqlClient } from '@club-ledger/kernel';
import { Projector, readCurrentStandings, SQL_CLIENT } from '@club-ledger/eligibility';
import { pgliteStore } from '@club-ledger/test-support';
import { openLedger } from '../ledger';
import { seedDemo } from './seed';

describe('seeding the demo organization on PGlite', () => {
  jest.setTimeout(120_000);
  const config = loadConfig(pgliteStore('seed'));
  const size = { employees: 60, deals: 200 };

  it('imports people, quotas, deals and credits through the handlers, opens two programs whose standings cover their audience, and appends nothing when run again', async () => {
    process.stdout.write('seed: running against PGlite\n');
    const ledger = await openLedger(config);
    try {
      const store = ledger.get<EventStore>(EVENT_STORE);
      const sql = ledger.get<SqlClient>(SQL_CLIENT);
      const summaries = await seedDemo(ledger.get(CommandBus), ledger.get(Projector), { seed: 11, size });
      expect(Object.values(summaries).every((summary) => summary.rejected.length === 0 && summary.added > 0)).toBe(true);
      const head = await store.headPosition();
      expect(await ledger.get(Projector).waitUntilPassed(head, 60_000)).toBe(true);
      expect(await sql.query(`SELECT id, status FROM award_programs ORDER BY id`)).toEqual([
        { id: 'cross-functional-2026', status: 'OPEN' },
        { id: 'presidents-club-2026', status: 'OPEN' },
      ]);
      // Credits carry the day they were given, soon after each close: a few are late, and they spread over the year.
      const [credits] = await sql.query<{ all: number; backfilled: number; late: number; days: number }>(
        `SELECT count(*)::int AS all, count(*) FILTER (WHERE c.backfilled)::int AS backfilled,
                count(*) FILTER (WHERE c.credited_at > d.closed_on + 90)::int AS late, count(DISTINCT c.credited_at::date)::int AS days
           FROM credits c JOIN deals d ON d.id = c.deal_id`,
      );
      expect(credits.backfilled).toBe(credits.all);
      expect(credits.late / credits.all).toBeLessThan(0.1);
      expect(credits.days).toBeGreaterThan(30);
      const sales = await readCurrentStandings(sql, 'presidents-club-2026');
      expect(sales.totalCount).toBe(size.employees * 0.4);

      const again = await seedDemo(ledger.get(CommandBus), ledger.get(Projector), { seed: 11, size });
      expect(Object.values(again).map(({ rows, added, alreadyRecorded }) => ({ added, alreadyRecorded: alreadyRecorded === rows }))).toEqual(Array(4).fill({ added: 0, alreadyRecorded: true }));
      expect(await store.headPosition()).toBe(head);
    } finally {
      await ledger.close();
    }
  });
});
