import { randomUUID } from 'node:crypto';
import { PostgresClient } from '@club-ledger/kernel';
import { SqlEventStore } from '@club-ledger/event-store';
import { migrateReadModels } from '../read-model';
import { loadCheckpoint } from './checkpoints';
import { advisoryLocks, projectionLockKey } from './projection-lock';
import type { LeaseChange } from './projection-runner';
import { Projector } from './projector';
import { appendBumps, createTallyTable, foldOfFeed, readTally, tally, tallyCatalog } from './testing/tally';
import { until } from './testing/until';

const databaseUrl = process.env.DATABASE_URL;
const projections = ['alpha', 'beta'];

/** One projector process: its own pool, its own event-store reader, its own lock sessions. */
interface Replica {
  projector: Projector;
  leases: Map<string, LeaseChange>;
  close(): Promise<void>;
}

if (!databaseUrl) {
  it('runs the replica suite only when DATABASE_URL is set (advisory locks need PostgreSQL)', () => {
    process.stdout.write('projector replicas: PostgreSQL skipped for want of DATABASE_URL\n');
    expect(databaseUrl).toBeUndefined();
  });
} else {
  describe('projector replicas on one PostgreSQL database', () => {
    jest.setTimeout(60_000);
    let schema: string;
    let writer: PostgresClient;
    let store: SqlEventStore;
    const replicas: Replica[] = [];

    beforeAll(() => process.stdout.write('projector replicas: running against PostgreSQL\n'));
    beforeEach(async () => {
      schema = `rp_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      writer = await PostgresClient.open(databaseUrl, { schema });
      store = await SqlEventStore.open(writer);
      await migrateReadModels(writer);
      await createTallyTable(writer);
    });
    afterEach(async () => {
      await Promise.all(replicas.splice(0).map((replica) => replica.close()));
      await store.close();
      await writer.query(`DROP SCHEMA "${schema}" CASCADE`);
      await writer.close();
    });

    async function replica(): Promise<Replica> {
      const sql = await PostgresClient.open(databaseUrl!, { schema });
      const feed = await SqlEventStore.open(sql);
      const leases = new Map<string, LeaseChange>();
      const projector = new Projector({
        store: feed,
        sql,
        catalog: tallyCatalog,
        projections: projections.map((name) => tally(name)),
        locks: advisoryLocks(sql),
        onLease: (projection, change) => leases.set(projection, change),
      });
      const started: Replica = {
        projector,
        leases,
        close: async () => {
          await projector.stop();
          await feed.close();
          await sql.close();
        },
      };
      replicas.push(started);
      return started;
    }

    const holds = (replica: Replica) => projections.every((name) => replica.leases.get(name) === 'held');
    const waits = (replica: Replica) => projections.every((name) => replica.leases.get(name) === 'waiting');

    async function caughtUp(head: bigint): Promise<void> {
      for (const name of projections) await until(`${name} passes ${head}`, async () => (await loadCheckpoint(writer, name)) >= head);
    }

    async function expectFoldOfFeed(): Promise<void> {
      const fold = await foldOfFeed(store);
      for (const name of projections) expect([name, await readTally(writer, name)]).toEqual([name, fold]);
    }

    it('runs each projection in exactly one of two replicas while the other waits, counting every event once', async () => {
      const head = await appendBumps(store, 5, 20);
      const [first, second] = [await replica(), await replica()];
      first.projector.start();
      second.projector.start();

      const settled = () =>
        projections.every((name) => [first, second].map((r) => r.leases.get(name)).sort().join() === 'held,waiting');
      await until('each projection is held by one replica and awaited by the other', settled);
      expect([...first.projector.active(), ...second.projector.active()].sort()).toEqual(projections);

      await caughtUp(head);
      const live = await appendBumps(store, 5, 5);
      await caughtUp(live);
      expect(settled()).toBe(true);
      await expectFoldOfFeed();
    });

    it('hands the projections over when their holder stops, and the new holder resumes from the checkpoint', async () => {
      const first = await replica();
      first.projector.start();
      await until('the first replica holds every projection', () => holds(first));
      await caughtUp(await appendBumps(store, 5, 20));

      const second = await replica();
      second.projector.start();
      await until('the second replica waits for every projection', () => waits(second));
      expect(second.projector.active()).toEqual([]);

      const stopping = Date.now();
      await first.projector.stop();
      expect(projections.map((name) => first.leases.get(name))).toEqual(['released', 'released']);
      await until('the second replica holds every projection', () => holds(second));
      process.stdout.write(`projector replicas: hand-over after a stop took ${Date.now() - stopping} ms\n`);

      await caughtUp(await appendBumps(store, 5, 10));
      expect(second.projector.active()).toEqual(projections);
      await expectFoldOfFeed();
    });

    it('takes over when the holder’s lock session ends without a goodbye, as when its process is killed', async () => {
      const first = await replica();
      first.projector.start();
      await until('the first replica holds every projection', () => holds(first));
      await caughtUp(await appendBumps(store, 5, 20));
      const second = await replica();
      second.projector.start();
      await until('the second replica waits for every projection', () => waits(second));

      const killing = Date.now();
      // The server ends the holder's lock sessions, as it does when a killed process's sockets close.
      const terminated = await writer.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
          WHERE locktype = 'advisory' AND objsubid = 1 AND granted
            AND ((classid::bigint << 32) | objid::bigint) = ANY($1::bigint[])`,
        [projections.map((name) => projectionLockKey(schema, name))],
      );
      expect(terminated).toEqual(projections.map(() => ({ ended: true })));
      await until('the second replica holds every projection', () => holds(second));
      process.stdout.write(`projector replicas: hand-over after a lost session took ${Date.now() - killing} ms\n`);

      await caughtUp(await appendBumps(store, 5, 10));
      await until('the first replica, its sessions gone, waits again', () => waits(first));
      expect(first.projector.active()).toEqual([]);
      expect(second.projector.active()).toEqual(projections);
      await expectFoldOfFeed();
    });
  });
}
