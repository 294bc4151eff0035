import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore, type Subscription } from '@club-ledger/event-store';
import { sqlEngines } from '@club-ledger/test-support';
import { migrateReadModels } from '../read-model';
import { Projector } from './projector';
import { SubscriptionStalledError } from './stall-watchdog';
import { appendBumps, createTallyTable, foldOfFeed, readTally, tally, tallyCatalog } from './testing/tally';
import { until } from './testing/until';

/**
 * A real store whose subscriptions go silent after `silentAfter` events: no error, no end, and a pending
 * read that never settles, even once closed. It can also report a head no subscriber is sent, as
 * EventStoreDB does when its newest event is one of its own `$` events.
 */
class SilentStore implements EventStore {
  subscriptions = 0;
  silences = 0;
  headReads = 0;
  feedReads = 0;

  constructor(
    private readonly inner: EventStore,
    private readonly options: { silentAfter?: number; headBeyondFeed?: bigint } = {},
  ) {}

  append: EventStore['append'] = (...args) => this.inner.append(...args);
  appendMany: EventStore['appendMany'] = (...args) => this.inner.appendMany(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  close = async () => undefined;

  readAll: EventStore['readAll'] = (...args) => {
    this.feedReads += 1;
    return this.inner.readAll(...args);
  };

  async headPosition(): Promise<bigint> {
    this.headReads += 1;
    return (await this.inner.headPosition()) + (this.options.headBeyondFeed ?? 0n);
  }

  subscribeToAll(options: Parameters<EventStore['subscribeToAll']>[0]): Subscription {
    this.subscriptions += 1;
    const inner = this.inner.subscribeToAll(options);
    const silentAfter = this.options.silentAfter ?? Infinity;
    const fallSilent = () => (this.silences += 1);
    return {
      async *[Symbol.asyncIterator]() {
        let delivered = 0;
        for await (const event of inner) {
          if (delivered === silentAfter) {
            fallSilent();
            await new Promise<never>(() => undefined);
          }
          delivered += 1;
          yield event;
        }
      },
      close: () => inner.close(),
    };
  }
}

describe.each(sqlEngines('stall watchdog'))('the stall watchdog on $name', (engine) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let store: EventStore;
  const running: Projector[] = [];

  beforeAll(async () => {
    sql = await engine.open();
    store = await SqlEventStore.open(sql);
    await migrateReadModels(sql);
    await createTallyTable(sql);
    process.stdout.write(`stall watchdog: running against ${engine.name}\n`);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.stop()));
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  function projector(feed: EventStore, name: string, stallMs: number, errors: unknown[] = []): Projector {
    const started = new Projector({
      store: feed,
      sql,
      catalog: tallyCatalog,
      projections: [tally(name)],
      batchSize: 10,
      stallMs,
      onError: (_, error) => errors.push(error),
    });
    running.push(started);
    started.start();
    return started;
  }

  it('resubscribes from the checkpoint when the feed goes silent with events left, and still reaches the head', async () => {
    const head = await appendBumps(store, 4, 15);
    const silent = new SilentStore(store, { silentAfter: 25 });
    const errors: unknown[] = [];
    const name = `silent-${randomUUID()}`;
    const started = projector(silent, name, 200, errors);

    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);
    expect(silent.silences).toBeGreaterThanOrEqual(2);
    expect(silent.subscriptions).toBe(silent.silences + 1);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((error) => error instanceof SubscriptionStalledError)).toBe(true);
    expect(await readTally(sql, name)).toEqual(await foldOfFeed(store));
  });

  it('leaves a quiet feed alone when the projection is at the head', async () => {
    const head = await appendBumps(store, 2, 2);
    const quiet = new SilentStore(store);
    const errors: unknown[] = [];
    const started = projector(quiet, `quiet-${randomUUID()}`, 200, errors);
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);

    const looked = quiet.headReads;
    await until('the watchdog has looked at the head for longer than its limit', () => quiet.headReads >= looked + 8);
    expect(quiet.subscriptions).toBe(1);
    expect(errors).toEqual([]);
  });

  it('does not take a head that no subscriber is sent for a stall', async () => {
    const head = await appendBumps(store, 2, 2);
    const beyond = new SilentStore(store, { headBeyondFeed: 1n });
    const errors: unknown[] = [];
    const started = projector(beyond, `beyond-${randomUUID()}`, 200, errors);
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);

    await until('the watchdog has twice looked for an event past the projection', () => beyond.feedReads >= 2);
    expect(beyond.subscriptions).toBe(1);
    expect(errors).toEqual([]);
  });

  it('stops at once while its feed hangs, long before the watchdog would step in', async () => {
    await appendBumps(store, 2, 5);
    const silent = new SilentStore(store, { silentAfter: 4 });
    const started = projector(silent, `hung-${randomUUID()}`, 600_000);
    await until('the feed has gone silent', () => silent.silences === 1);

    const outcome = await Promise.race([started.stop().then(() => 'stopped'), sleep(10_000, 'still waiting', { ref: false })]);
    expect(outcome).toBe('stopped');
  });
});
