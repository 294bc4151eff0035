import { randomUUID } from 'node:crypto';
import { sqlEngines } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import { EventCatalog, SqlEventStore, type EventStore } from '@club-ledger/event-store';
import { decideDeal, type DealCommand } from '../deals/deal.decide';
import { DealClosedWon, DealOpened, dealEventTypes, dealStream, type DealEvent } from '../deals/deal.events';
import { evolveDeal, noDeal, type Deal } from '../deals/deal.evolve';
import type { Actor } from '../shared';
import { CommandRejected, CommandRunner, type Decider } from './command-runner';

const catalog = new EventCatalog(dealEventTypes);
const deals: Decider<DealCommand, DealEvent, Deal> = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
const rep: Actor = { id: 'rep-1', roles: [] };

describe.each(sqlEngines('command runner'))('CommandRunner on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let store: EventStore;
  let runner: CommandRunner;

  beforeAll(async () => {
    sql = await open();
    store = await SqlEventStore.open(sql);
    runner = new CommandRunner(store, catalog);
    process.stdout.write(`command runner: running against ${name}\n`);
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  async function wonDeal(): Promise<string> {
    const dealId = `d-${randomUUID().slice(0, 8)}`;
    const context = { actor: rep, correlationId: randomUUID() };
    await store.append(
      dealStream(dealId),
      [
        catalog.toNewEvent(
          DealOpened({ dealId, name: 'Acme', account: 'Acme', ownerId: 'rep-1', dealType: 'RENEWAL', amount: '1000.00', products: [], openedOn: '2026-01-01' }),
          { actor: 'rep-1', correlationId: context.correlationId, causationId: context.correlationId, occurredAt: '2026-01-01T00:00:00.000Z' },
          randomUUID(),
        ),
        catalog.toNewEvent(
          DealClosedWon({ dealId, amount: '1000.00', closedOn: '2026-02-01' }),
          { actor: 'rep-1', correlationId: context.correlationId, causationId: context.correlationId, occurredAt: '2026-02-01T00:00:00.000Z' },
          randomUUID(),
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    return dealId;
  }

  const credit = (dealId: string, contributorId: string): DealCommand => ({
    type: 'CreditContribution', actor: rep, dealId, creditId: randomUUID(), contributorId, kind: 'POC_SUPPORT',
    note: 'Ran the proof of concept', contributor: { registered: true, active: true },
  });

  async function creditsOn(dealId: string): Promise<string[]> {
    const contributors: string[] = [];
    for await (const event of store.readStream(dealStream(dealId))) {
      if (event.type === 'ContributionCredited') contributors.push((event.data as { contributorId: string }).contributorId);
    }
    return contributors;
  }

  it('lands 20 concurrent credits on one deal exactly once each, retrying on conflicts', async () => {
    const dealId = await wonDeal();
    const contributors = Array.from({ length: 20 }, (_, n) => `pm-${n}`);
    await Promise.all(contributors.map((id) => runner.run(dealStream(dealId), deals, credit(dealId, id), { actor: rep, correlationId: randomUUID() })));
    expect((await creditsOn(dealId)).sort()).toEqual([...contributors].sort());
  });

  it('lets exactly one of 20 concurrent identical credits through; the rest are duplicates', async () => {
    const dealId = await wonDeal();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => runner.run(dealStream(dealId), deals, credit(dealId, 'se-1'), { actor: rep, correlationId: randomUUID() })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const codes = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as CommandRejected).error.code] : []));
    expect(codes).toEqual(Array(19).fill('DUPLICATE_CREDIT'));
    expect(await creditsOn(dealId)).toEqual(['se-1']);
  });

  it('returns the first result for a retried command with the same idempotency key and appends nothing', async () => {
    const dealId = await wonDeal();
    const context = { actor: rep, correlationId: randomUUID(), idempotencyKey: `credit-${randomUUID()}` };
    const first = await runner.run(dealStream(dealId), deals, credit(dealId, 'pmm-1'), context);
    const retry = await runner.run(dealStream(dealId), deals, credit(dealId, 'pmm-1'), context);
    expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(retry.position).toBe(first.position);
    expect(await creditsOn(dealId)).toEqual(['pmm-1']);
  });

  it('appends nothing for a rejected command', async () => {
    const dealId = await wonDeal();
    await expect(
      runner.run(dealStream(dealId), deals, credit(dealId, 'rep-1'), { actor: rep, correlationId: randomUUID() }),
    ).rejects.toMatchObject({ error: { code: 'SELF_CREDIT' } });
    expect(await creditsOn(dealId)).toEqual([]);
  });

  it('gives up with CONFLICT when the stream keeps changing under it', async () => {
    const dealId = await wonDeal();
    // Another writer lands on the deal between every load and append of this runner.
    const contested: EventStore = Object.create(store, {
      append: {
        value: async (...args: Parameters<EventStore['append']>) => {
          await runner.run(dealStream(dealId), deals, credit(dealId, `rival-${randomUUID().slice(0, 6)}`), { actor: rep, correlationId: randomUUID() });
          return store.append(...args);
        },
      },
    });
    const losing = new CommandRunner(contested, catalog);
    await expect(
      losing.run(dealStream(dealId), deals, credit(dealId, 'pm-x'), { actor: rep, correlationId: randomUUID() }),
    ).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
    expect(await creditsOn(dealId)).not.toContain('pm-x');
  });

  describe('with the streams another process is also writing', () => {
    // Two runners on one store are two API processes: each keeps the streams it worked on.
    let other: CommandRunner;
    beforeEach(() => {
      other = new CommandRunner(store, catalog);
    });
    const context = () => ({ actor: rep, correlationId: randomUUID() });

    it('refuses a credit the other process already landed, though its kept deal does not show it', async () => {
      const dealId = await wonDeal();
      await other.run(dealStream(dealId), deals, credit(dealId, 'pm-kept'), context());
      await runner.run(dealStream(dealId), deals, credit(dealId, 'se-first'), context());
      await other.run(dealStream(dealId), deals, credit(dealId, 'se-first'), context()).then(
        () => fail('a second credit for the same contributor and kind was accepted'),
        (error: unknown) => expect(error).toMatchObject({ error: { code: 'DUPLICATE_CREDIT' } }),
      );
      expect(await creditsOn(dealId)).toEqual(['pm-kept', 'se-first']);
    });

    it('returns the first result to a retry that reaches the other process', async () => {
      const dealId = await wonDeal();
      await other.run(dealStream(dealId), deals, credit(dealId, 'pm-kept'), context());
      const retried = { ...context(), idempotencyKey: `credit-${randomUUID()}` };
      const first = await runner.run(dealStream(dealId), deals, credit(dealId, 'pmm-2'), retried);
      const retry = await other.run(dealStream(dealId), deals, credit(dealId, 'pmm-2'), retried);
      expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
      expect(await creditsOn(dealId)).toEqual(['pm-kept', 'pmm-2']);
    });

    it('reads what the other process appended when asked for a stream\'s current state', async () => {
      const dealId = await wonDeal();
      await other.run(dealStream(dealId), deals, credit(dealId, 'pm-a'), context());
      await runner.run(dealStream(dealId), deals, credit(dealId, 'pm-b'), context());
      const current = await other.current(dealStream(dealId), deals);
      expect(current.opened && current.credits.map((kept) => kept.contributorId)).toEqual(['pm-a', 'pm-b']);
    });
  });
});
