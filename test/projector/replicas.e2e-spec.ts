import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresClient } from '@club-ledger/kernel';
import { SqlEventStore } from '@club-ledger/event-store';
import { CommandRunner, decideEmployee, domainEvents, employeeStream, evolveEmployee, noEmployee, type Actor } from '@club-ledger/domain';
import { FACT_TYPES } from '@club-ledger/eligibility';
import { builtProduct, ROOT } from '@club-ledger/test-support';
import { generateOrg, recordOrg } from '@club-ledger/test-support/record-org';

const entryPoint = ['-r', 'tsconfig-paths/register', 'dist/apps/projector/src/main.js'];
const builtEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH, TS_NODE_BASEURL: 'dist', ...env });
const databaseUrl = process.env.DATABASE_URL;
const projections = ['ledger', 'claims', 'notifications'];
const hr: Actor = { id: 'hr-system', roles: ['HR'] };

interface LogLine {
  msg: string;
  projection?: string;
  lease?: string;
}

/** A built projector process and the JSON lines it has logged so far. */
class ProjectorProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  static start(env: Record<string, string>): ProjectorProcess {
    return new ProjectorProcess(spawn(process.execPath, entryPoint, { cwd: ROOT, env: builtEnv(env) }));
  }

  /** The last lease change it logged for each projection. */
  lease(projection: string): string | undefined {
    return this.lines.filter((line) => line.projection === projection && line.lease).at(-1)?.lease;
  }

  async until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.child.exitCode !== null) throw new Error(`the projector exited before ${what}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}; it logged ${JSON.stringify(this.lines)}`);
      await sleep(20);
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

// The children run the compiled output, as the Docker image would; building once here keeps it current.
beforeAll(builtProduct, 300_000);

describe('the standalone projector', () => {
  it('stops with one line naming DATABASE_URL when it is not set', () => {
    const result = spawnSync(process.execPath, entryPoint, { cwd: ROOT, env: builtEnv({}), encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.length > 0)).toEqual([
      'Configuration error: DATABASE_URL must be set: the standalone projector keeps the read models in PostgreSQL',
    ]);
  });
});

if (!databaseUrl) {
  it('runs projector processes on PostgreSQL only when DATABASE_URL is set', () => {
    process.stdout.write('standalone projector: PostgreSQL skipped for want of DATABASE_URL\n');
    expect(databaseUrl).toBeUndefined();
  });
} else {
  describe('two standalone projector processes on one PostgreSQL database', () => {
    jest.setTimeout(120_000);
    const schema = `pr_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const env = { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema };
    const started: ProjectorProcess[] = [];
    let sql: PostgresClient;
    let store: SqlEventStore;
    let runner: CommandRunner;

    beforeAll(async () => {
      process.stdout.write('standalone projector: running against PostgreSQL\n');
      sql = await PostgresClient.open(databaseUrl, { schema });
      store = await SqlEventStore.open(sql);
      runner = new CommandRunner(store, domainEvents);
    });
    afterAll(async () => {
      for (const projector of started) projector.kill('SIGKILL');
      await Promise.all(started.map((projector) => projector.exited));
      await store?.close();
      await sql?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql?.close();
    });

    function start(): ProjectorProcess {
      const projector = ProjectorProcess.start(env);
      started.push(projector);
      return projector;
    }

    async function registerEmployees(count: number): Promise<bigint> {
      let last = 0n;
      for (let n = 0; n < count; n += 1) {
        const id = `late-${randomUUID()}`;
        const command = {
          type: 'RegisterEmployee' as const, actor: hr, id,
          details: { name: `Late ${n}`, email: `${id}@example.com`, department: 'Sales' }, facts: { emailTaken: false, managerExists: true },
        };
        const decision = await runner.run(employeeStream(id), { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee }, command, {
          actor: hr, correlationId: randomUUID(),
        });
        last = decision.position ?? last;
      }
      return last;
    }

    async function caughtUp(head: bigint): Promise<boolean> {
      const rows = await sql.query<{ name: string; position: string }>(`SELECT name, position::text AS position FROM projection_checkpoints`);
      return projections.every((name) => rows.some((row) => row.name === name && BigInt(row.position) >= head));
    }

    async function untilCaughtUp(head: bigint): Promise<void> {
      const deadline = Date.now() + 60_000;
      while (!(await caughtUp(head))) {
        if (Date.now() > deadline) throw new Error(`the read models did not pass ${head}`);
        await sleep(50);
      }
    }

    /** The read models against the feed folded here: one row per registration, credit and fact, none twice. */
    async function expectReadModelsToMatchTheFeed(): Promise<void> {
      const feed: { type: string; position: bigint }[] = [];
      for await (const event of store.readAll()) feed.push(event);
      const count = (type: string) => feed.filter((event) => event.type === type).length;
      const [{ employees }] = await sql.query<{ employees: number }>(`SELECT count(*)::int AS employees FROM employees`);
      const [{ credits }] = await sql.query<{ credits: number }>(`SELECT count(*)::int AS credits FROM credits`);
      const facts = await sql.query<{ position: string }>(`SELECT position::text AS position FROM eligibility_facts ORDER BY eligibility_facts.position`);
      const factTypes = new Set<string>(FACT_TYPES);
      expect({ employees, credits, facts: facts.map((row) => BigInt(row.position)) }).toEqual({
        employees: count('EmployeeRegistered'),
        credits: count('ContributionCredited'),
        facts: feed.filter((event) => factTypes.has(event.type)).map((event) => event.position),
      });
    }

    it('lets the waiting process take over every projection when the active one is killed, counting each event once', async () => {
      const head = await recordOrg(runner, generateOrg(11, { employees: 15, deals: 25 }));
      const first = start();
      await first.until('the first process holds every projection', () => projections.every((name) => first.lease(name) === 'held'));
      const second = start();
      await second.until('the second process waits for every projection', () => projections.every((name) => second.lease(name) === 'waiting'));
      await untilCaughtUp(head);

      const killed = Date.now();
      first.kill('SIGKILL');
      expect(await first.exited).toEqual([null, 'SIGKILL']);
      const later = await registerEmployees(10);
      await second.until('the second process holds every projection', () => projections.every((name) => second.lease(name) === 'held'));
      process.stdout.write(`standalone projector: hand-over after kill -9 took ${Date.now() - killed} ms\n`);
      await untilCaughtUp(later);
      await expectReadModelsToMatchTheFeed();

      second.kill('SIGTERM');
      expect(await second.exited).toEqual([0, null]);
      expect(projections.map((name) => second.lease(name))).toEqual(projections.map(() => 'released'));
    });
  });
}
