import { randomUUID } from 'node:crypto';
import { BulkCommands, DealMessage, dealStream } from '@club-ledger/domain';
import { SqlEventStore, WrongExpectedRevisionError, type EventStore, type StreamAppend } from '@club-ledger/event-store';
import { sqlEngines } from '@club-ledger/test-support';
import { exportsOf } from '../seed/seed';
import { generateOrg } from '../seed/org-generator';
import { Importer, type NumberedRow } from './importer';
import type { Row } from './rows';

const numbered = (rows: readonly Row[]): NumberedRow[] => rows.map((row, n) => ({ line: n + 2, row }));

/** The store, where another process writes `meddle` just before the first write of a batch reaches it. */
function meddledWith(store: EventStore, meddle: () => Promise<void>) {
  const outcomes: unknown[] = [];
  let meddled = false;
  const appendMany = async (appends: readonly StreamAppend[]) => {
    if (!meddled) {
      meddled = true;
      await meddle();
    }
    const written = await store.appendMany(appends);
    outcomes.push(...written);
    return written;
  };
  const proxy = new Proxy(store, {
    get: (target, property) => (property === 'appendMany' ? appendMany : Reflect.get(target, property, target)),
  });
  return { store: proxy, outcomes };
}

describe.each(sqlEngines('pipelined import'))('a bulk import meeting another writer on $name', ({ open }) => {
  jest.setTimeout(60_000);

  it('decides again, in file order, the rows of a refused write and of the batch that went on from it', async () => {
    const sql = await open();
    const store = await SqlEventStore.open(sql);
    try {
      const files = exportsOf(generateOrg(11, { employees: 16, deals: 12 }));
      const setup = new Importer({ bulk: new BulkCommands(store) });
      await setup.run('employees', numbered(files.employees));
      await setup.run('deals', numbered(files.deals));
      const creditsOf = (id: string) => files.credits.filter((credit) => credit.dealId === id);
      const dealId = files.credits.map((credit) => credit.dealId).find((id) => creditsOf(id).length >= 3) as string;
      const credits = creditsOf(dealId);
      const listed = credits.slice(0, 3);
      const bystander = files.employees.find((employee) => !credits.some((credit) => credit.contributorId === employee.id) && employee.id !== listed[0].creditedBy) as Row;

      // Another process credits someone else on the deal between the first batch's read and its write.
      const meddling = meddledWith(store, async () => {
        const elsewhere = new BulkCommands(store).batch();
        const actor = { id: listed[0].creditedBy as string, roles: [] };
        await elsewhere.execute(new DealMessage({ type: 'CreditContribution', dealId, contributorId: bystander.id as string, kind: 'DEAL_ASSIST', note: 'Elsewhere' }, { actor, correlationId: randomUUID(), idempotencyKey: `elsewhere:${dealId}` }));
        await elsewhere.flush();
      });
      // One row a batch: each batch goes on from the deal as the one before left it, while that one is written.
      const summary = await new Importer({ bulk: new BulkCommands(meddling.store) }, { batchSize: 1 }).run('credits', numbered(listed));

      expect({ ...summary, rejected: summary.rejected.map(({ line, code }) => `${line} ${code}`) }).toEqual({ rows: 3, added: 3, alreadyRecorded: 0, rejected: [] });
      expect(meddling.outcomes.some((outcome) => outcome instanceof WrongExpectedRevisionError)).toBe(true);
      const credited: string[] = [];
      for await (const event of store.readStream(dealStream(dealId))) {
        if (event.type === 'ContributionCredited') credited.push((event.data as { contributorId: string }).contributorId);
      }
      expect(credited).toEqual([bystander.id, ...listed.map((credit) => credit.contributorId)]);
    } finally {
      await store.close();
      await sql.close();
    }
  });
});
