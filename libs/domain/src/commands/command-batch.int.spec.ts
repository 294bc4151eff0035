import { randomUUID } from 'node:crypto';
import { sqlEngines } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore, type RecordedEvent } from '@club-ledger/event-store';
import { DealMessage } from '../deals/commands/deal.commands';
import { dealStream } from '../deals/deal.events';
import { EmployeeMessage } from '../people/commands/employee.commands';
import type { Actor } from '../shared';
import { BulkCommands, type BulkCommand, type CommandBatch } from './command-batch';
import { CommandRejected, type Decision } from './command-runner';

const feed: Actor = { id: 'import', roles: ['INTEGRATION'] };
const rep = (id: string): Actor => ({ id, roles: [] });
const context = (actor: Actor, key: string) => ({ actor, correlationId: randomUUID(), idempotencyKey: `${key}:${randomUUID()}` });

/** Each command sent once the one before it is decided. */
async function inOrder(batch: CommandBatch, commands: BulkCommand[]): Promise<Array<Decision<unknown> | CommandRejected>> {
  const outcomes: Array<Decision<unknown> | CommandRejected> = [];
  for (const command of commands) outcomes.push(await batch.execute(command).catch((error: unknown) => (error instanceof CommandRejected ? error : Promise.reject(error))));
  return outcomes;
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe.each(sqlEngines('command batch'))('CommandBatch on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let store: EventStore;
  let bulk: BulkCommands;

  beforeAll(async () => {
    sql = await open();
    store = await SqlEventStore.open(sql);
    bulk = new BulkCommands(store);
    process.stdout.write(`command batch: running against ${name}\n`);
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  const people = (n: number) => Array.from({ length: n }, () => `p-${randomUUID().slice(0, 8)}`);

  it('decides each command on the state the commands before it left, and writes nothing until flushed', async () => {
    const [owner, helper] = people(2);
    const dealId = `d-${randomUUID().slice(0, 8)}`;
    const batch = bulk.batch();
    const outcomes = await inOrder(batch, [
      new EmployeeMessage({ type: 'RegisterEmployee', id: owner, details: { name: 'Rita', email: `${owner}@example.com`, department: 'Sales' } }, context(feed, 'reg')),
      new EmployeeMessage({ type: 'RegisterEmployee', id: helper, details: { name: 'Sam', email: `${helper}@example.com`, department: 'Sales Engineering' } }, context(feed, 'reg')),
      new DealMessage({ type: 'OpenDeal', dealId, name: 'Acme', account: 'Acme', ownerId: owner, dealType: 'RENEWAL', amount: '1000', products: [], openedOn: '2026-01-01' }, context(feed, 'open')),
      new DealMessage({ type: 'CreditContribution', dealId, contributorId: helper, kind: 'POC_SUPPORT', note: 'Too early' }, context(rep(owner), 'credit')),
      new DealMessage({ type: 'CloseDeal', dealId, outcome: 'WON', closedOn: '2026-02-01' }, context(feed, 'close')),
      new DealMessage({ type: 'CreditContribution', dealId, contributorId: helper, kind: 'POC_SUPPORT', note: 'Ran the POC' }, context(rep(owner), 'credit')),
    ]);
    expect(outcomes.map((outcome) => (outcome instanceof CommandRejected ? outcome.error.code : outcome.events.map((event) => event.type)))).toEqual([
      ['EmployeeRegistered'], ['EmployeeRegistered'], ['DealOpened'], 'DEAL_NOT_WON', ['DealClosedWon'], ['ContributionCredited'],
    ]);
    expect(await collect(store.readStream(dealStream(dealId)))).toEqual([]);
    const { refused, position } = await batch.flush();
    expect(refused.size).toBe(0);
    const written = await collect(store.readStream(dealStream(dealId)));
    expect(written.map((event) => [event.revision, event.type])).toEqual([[0n, 'DealOpened'], [1n, 'DealClosedWon'], [2n, 'ContributionCredited']]);
    expect(position).toBe(written[2].position);
  });

  it('refuses a stream another writer moved after the batch read it, writing nothing of it and all of the others', async () => {
    const [owner, other] = people(2);
    const [moved, still] = [`d-${randomUUID().slice(0, 8)}`, `d-${randomUUID().slice(0, 8)}`];
    const setup = bulk.batch();
    await inOrder(setup, [
      new EmployeeMessage({ type: 'RegisterEmployee', id: owner, details: { name: 'Rita', email: `${owner}@example.com`, department: 'Sales' } }, context(feed, 'reg')),
      new EmployeeMessage({ type: 'RegisterEmployee', id: other, details: { name: 'Olga', email: `${other}@example.com`, department: 'Sales' } }, context(feed, 'reg')),
      ...[moved, still].map((dealId) => new DealMessage({ type: 'OpenDeal', dealId, name: 'Acme', account: 'Acme', ownerId: owner, dealType: 'RENEWAL', amount: '1000', products: [], openedOn: '2026-01-01' }, context(feed, 'open'))),
    ]);
    await setup.flush();

    const batch = bulk.batch();
    await batch.executeAll([moved, still].map((dealId) => new DealMessage({ type: 'CloseDeal', dealId, outcome: 'LOST', closedOn: '2026-02-01' }, context(feed, 'close'))));
    // Another process closes one of the deals between the batch's read and its write.
    const elsewhere = bulk.batch();
    await elsewhere.execute(new DealMessage({ type: 'CloseDeal', dealId: moved, outcome: 'WON', closedOn: '2026-02-02' }, context(feed, 'close')));
    await elsewhere.flush();

    const { refused } = await batch.flush();
    expect([...refused]).toEqual([dealStream(moved)]);
    expect((await collect(store.readStream(dealStream(moved)))).map((event) => event.type)).toEqual(['DealOpened', 'DealClosedWon']);
    expect((await collect(store.readStream(dealStream(still)))).map((event) => event.type)).toEqual(['DealOpened', 'DealClosedLost']);
  });

  /** Two people and a deal opened and won by the first, decided in a batch: flushed, not awaited. */
  async function wonDealIn(batch: CommandBatch) {
    const [owner, helper] = people(2);
    const dealId = `d-${randomUUID().slice(0, 8)}`;
    await inOrder(batch, [
      new EmployeeMessage({ type: 'RegisterEmployee', id: owner, details: { name: 'Rita', email: `${owner}@example.com`, department: 'Sales' } }, context(feed, 'reg')),
      new EmployeeMessage({ type: 'RegisterEmployee', id: helper, details: { name: 'Sam', email: `${helper}@example.com`, department: 'Sales Engineering' } }, context(feed, 'reg')),
      new DealMessage({ type: 'OpenDeal', dealId, name: 'Acme', account: 'Acme', ownerId: owner, dealType: 'RENEWAL', amount: '1000', products: [], openedOn: '2026-01-01' }, context(feed, 'open')),
      new DealMessage({ type: 'CloseDeal', dealId, outcome: 'WON', closedOn: '2026-02-01' }, context(feed, 'close')),
    ]);
    return { owner, helper, dealId };
  }

  const credit = (dealId: string, owner: string, contributorId: string) =>
    new DealMessage({ type: 'CreditContribution', dealId, contributorId, kind: 'POC_SUPPORT', note: 'Ran the POC' }, context(rep(owner), 'credit'));

  it('goes on from the streams an earlier batch left while its write is under way, and writes after it', async () => {
    const earlier = bulk.batch();
    const { owner, helper, dealId } = await wonDealIn(earlier);
    const earlierWrite = earlier.flush();
    const later = bulk.batch(earlier);
    const [outcome] = await later.executeAll([credit(dealId, owner, helper)]);
    expect(outcome instanceof CommandRejected ? outcome.error.code : outcome.events.map((event) => event.type)).toEqual(['ContributionCredited']);
    const [first, second] = await Promise.all([earlierWrite, later.flush()]);
    expect([first.refused.size, second.refused.size, second.stale]).toEqual([0, 0, undefined]);
    const written = await collect(store.readStream(dealStream(dealId)));
    expect(written.map((event) => [event.revision, event.type])).toEqual([[0n, 'DealOpened'], [1n, 'DealClosedWon'], [2n, 'ContributionCredited']]);
    expect(second.position).toBe(written[2].position);
    expect((second.position as bigint) > (first.position as bigint)).toBe(true);
  });

  it('writes nothing when the earlier write was refused on a stream it went on from, and refuses every stream it wrote', async () => {
    const setup = bulk.batch();
    const { owner, helper, dealId } = await wonDealIn(setup);
    await setup.flush();

    const earlier = bulk.batch();
    await earlier.executeAll([credit(dealId, owner, helper)]);
    // Another process reopens the deal between the earlier batch's read and its write.
    const elsewhere = bulk.batch();
    await elsewhere.execute(new DealMessage({ type: 'ReopenDeal', dealId, reason: 'Signed in error' }, context(feed, 'reopen')));
    await elsewhere.flush();
    const earlierWrite = earlier.flush();
    const later = bulk.batch(earlier);
    // Decided on the earlier batch's credit, which the store will refuse: a second credit to the same person is a duplicate.
    const [duplicate] = await later.executeAll([credit(dealId, owner, helper)]);
    expect(duplicate instanceof CommandRejected && duplicate.error.code).toBe('DUPLICATE_CREDIT');
    const other = `d-${randomUUID().slice(0, 8)}`;
    await later.execute(new DealMessage({ type: 'OpenDeal', dealId: other, name: 'Initech', account: 'Initech', ownerId: owner, dealType: 'RENEWAL', amount: '10', products: [], openedOn: '2026-01-01' }, context(feed, 'open')));
    const [first, second] = await Promise.all([earlierWrite, later.flush()]);
    expect([...first.refused]).toEqual([dealStream(dealId)]);
    expect({ ...second, refused: [...second.refused], position: String(second.position) }).toEqual({ refused: [dealStream(other)], position: 'undefined', stale: true });
    expect(await collect(store.readStream(dealStream(other)))).toEqual([]);
    expect((await collect(store.readStream(dealStream(dealId)))).map((event) => event.type)).toEqual(['DealOpened', 'DealClosedWon', 'DealReopened']);
  });

  it('keeps the streams of the batches before it, reading none of them again, and checks those it writes against the store', async () => {
    const reads: string[] = [];
    const counted = new Proxy(store, {
      get: (target, property) =>
        property === 'readStream'
          ? (stream: string, options?: object) => (reads.push(stream), target.readStream(stream, options))
          : Reflect.get(target, property, target),
    });
    const chain = new BulkCommands(counted);
    const first = chain.batch();
    const { owner, helper, dealId } = await wonDealIn(first);
    const elsewhereFirst = bulk.batch();
    const other = await wonDealIn(elsewhereFirst);
    await Promise.all([first.flush(), elsewhereFirst.flush()]);
    // In between, a batch that touches neither the helper nor the deal.
    const between = chain.batch(first);
    await between.executeAll([credit(other.dealId, other.owner, other.helper)]);
    await between.flush();
    reads.length = 0;
    const third = chain.batch(between);
    const [outcome] = await third.executeAll([credit(dealId, owner, helper)]);
    expect(outcome instanceof CommandRejected ? outcome.error.code : outcome.events.map((event) => event.type)).toEqual(['ContributionCredited']);
    expect(reads).toEqual([]);
    // Another writer moves the deal: the kept stream is refused at the write, as any stream read before it moved.
    await third.flush();
    const fourth = chain.batch(third);
    await fourth.executeAll([new DealMessage({ type: 'RetractCredit', dealId, creditId: (outcome as Decision<unknown> & { creditId: string }).creditId, reason: 'Mistake' }, context(rep(owner), 'retract'))]);
    const elsewhere = bulk.batch();
    await elsewhere.execute(new DealMessage({ type: 'ReopenDeal', dealId, reason: 'Signed in error' }, context(feed, 'reopen')));
    await elsewhere.flush();
    const { refused } = await fourth.flush();
    expect([...refused]).toEqual([dealStream(dealId)]);
    expect(reads).toEqual([]);
  });

  it('refuses an email an earlier batch took, though the directory read model does not include it yet', async () => {
    const [first, second] = people(2);
    const email = `${first}@example.com`;
    const batch = bulk.batch();
    await batch.execute(new EmployeeMessage({ type: 'RegisterEmployee', id: first, details: { name: 'Rita', email, department: 'Sales' } }, context(feed, 'reg')));
    await batch.flush();
    const later = bulk.batch();
    const [outcome] = await later.executeAll([new EmployeeMessage({ type: 'RegisterEmployee', id: second, details: { name: 'Rita Again', email, department: 'Sales' } }, context(feed, 'reg'))]);
    expect(outcome instanceof CommandRejected && outcome.error.code).toBe('ALREADY_EXISTS');
  });
});
