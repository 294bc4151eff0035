import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, type GraphQLSchema } from 'graphql';
import request from 'supertest';
import { StandingsService } from '@club-ledger/eligibility';
import { loadConfig, StatementTimeoutError, type Environment } from '@club-ledger/kernel';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { workOf, workRefusal } from '../../apps/api/src/limits/operation-limits';

jest.setTimeout(120_000);

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };

const PAST = '2026-06-30T00:00:00Z';
const aliases = (count: number, field: (n: number) => string) => Array.from({ length: count }, (_, n) => field(n)).join(' ');

async function start(env: Environment): Promise<INestApplication> {
  const app = await createApp(loadConfig({ ...pgliteStore('work'), AUTH_JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000', ...env }), { logger: false });
  await app.init();
  return app;
}

/** A small year: reps and contributors, won deals credited, one program. */
async function seed(post: (query: string) => Promise<Body>): Promise<void> {
  const people = Array.from({ length: 12 }, (_, n) => `p-${n}`);
  for (const id of people) {
    await post(`mutation { registerEmployee(input: { id: "${id}", name: "Person ${id}", email: "${id}@example.com", department: "${id < 'p-4' ? 'Sales' : 'Product'}" }) { id } }`);
  }
  for (let deal = 0; deal < 12; deal += 1) {
    const owner = people[deal % 4];
    await post(`mutation { openDeal(input: { id: "d-${deal}", name: "Deal ${deal}", account: "Acme", ownerId: "${owner}", type: NEW_BUSINESS, amount: "1000.00", products: [], openedOn: "2026-01-0${1 + (deal % 9)}" }) { id } }`);
    await post(`mutation { closeDeal(input: { dealId: "d-${deal}", outcome: WON, closedOn: "2026-0${1 + (deal % 9)}-15" }) { id } }`);
    for (const contributor of people.slice(4 + (deal % 4), 8 + (deal % 4))) {
      await post(`mutation { creditContribution(input: { dealId: "d-${deal}", contributorId: "${contributor}", kind: POC_SUPPORT, note: "Ran the POC" }) { id } }`);
    }
  }
  const drafted = await post('mutation { draftAwardProgram(input: { id: "club", name: "Club", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 2 }] } }) { id } }');
  expect(drafted.errors).toBeUndefined();
}

describe('work a request asks for, priced and bounded before it runs', () => {
  let app: INestApplication;
  let executive: string;
  let schema: GraphQLSchema;

  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body as Body;

  beforeAll(async () => {
    process.stdout.write('query work e2e: running against PGlite\n');
    app = await start({});
    executive = await tokenFor('exec-1', ['EXECUTIVE']);
    const admin = await tokenFor('admin', ['ADMIN']);
    await seed((query) => post(admin, query));
    schema = app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => app?.close());

  const past = (count: number) => `{ awardProgram(id: "club") { ${aliases(count, (n) => `q${n}: qualifiers(asOf: "${PAST}") { score }`)} } }`;

  it('refuses an alias bomb of past moments up front, naming GRAPHQL_MAX_WORK, and computes none of them', async () => {
    const computed = jest.spyOn(app.get(StandingsService), 'standings');
    try {
      const body = await post(executive, past(1_000));
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0]?.message).toMatch(/GRAPHQL_MAX_WORK/);
      expect(computed).not.toHaveBeenCalled();
    } finally {
      computed.mockRestore();
    }
  });

  it('refuses an alias bomb of previews the same way, and previews nothing', async () => {
    const previewed = jest.spyOn(app.get(StandingsService), 'preview');
    try {
      const query = `query($criteria: CriteriaInput!) { ${aliases(1_000, (n) => `p${n}: previewCriteria(programId: "club", criteria: $criteria) { lost { id } }`)} }`;
      const body = await post(executive, query, { criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 3 }] } });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0]?.message).toMatch(/GRAPHQL_MAX_WORK/);
      expect(previewed).not.toHaveBeenCalled();
    } finally {
      previewed.mockRestore();
    }
  });

  describe('the price of an operation', () => {
    // One computation here costs 10 people + 90 facts + its overhead.
    const size = { employees: 10, facts: 90, programs: 3 };
    const price = (query: string, budget: number, variables?: Record<string, unknown>) =>
      workRefusal({ queryWork: budget }, workOf({ schema, document: parse(query), variables }, size))?.message ?? 'within';
    const perComputation = 1_100;

    it('is nothing for answers read from the kept standings', () => {
      expect(price('{ awardProgram(id: "club") { qualifiers { score } standings { nodes { score } } } }', 1)).toBe('within');
    });

    it('sums every past moment, whether asked by alias, by fragment or through a variable', () => {
      expect(price(past(1), perComputation)).toBe('within');
      expect(price(past(2), perComputation)).toMatch(/would compute 2200 units/);
      const fragment = `{ awardProgram(id: "club") { ...Moment ...Moment2 } } fragment Moment on AwardProgram { qualifiers(asOf: "${PAST}") { score } }
        fragment Moment2 on AwardProgram { nearMisses { score } }`;
      expect(price(fragment, perComputation)).toMatch(/would compute 2200 units/);
      expect(price('query($at: DateTime) { awardProgram(id: "club") { standing(employeeId: "p-1", knownAt: $at) { score } } }', 0, { at: PAST })).toMatch(/1100 units/);
      expect(price('query($at: DateTime) { awardProgram(id: "club") { standing(employeeId: "p-1", knownAt: $at) { score } } }', 0, {})).toBe('within');
    });

    it('counts a computation once for each item of the lists above it', () => {
      expect(price(`{ awardPrograms { qualifiers(asOf: "${PAST}") { score } } }`, 0)).toMatch(/would compute 3300 units/);
      expect(price(`{ awardProgram(id: "club") { qualifiers { program { nearMisses { score } } } } }`, 0)).toMatch(/would compute 11000 units/);
      expect(price(`{ awardProgram(id: "club") { standings(first: 7) { nodes { program { nearMisses { score } } } } } }`, 0)).toMatch(/would compute 7700 units/);
    });

    it('prices previews, changes of standing and winners', () => {
      expect(price('{ previewCriteria(programId: "club", criteria: { thresholds: [] }) { lost { id } } }', 0)).toMatch(/1100 units/);
      const draft = '{ name: "New", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [] } }';
      expect(price(`{ previewProgram(input: ${draft}) { gained { id } } }`, 0)).toMatch(/1100 units/);
      expect(price('{ awardProgram(id: "club") { standingChanges(from: {}, to: {}) { causes { kind } } } }', 0)).toMatch(/5500 units/);
      expect(price('{ awardProgram(id: "club") { winners { rank } } }', 0)).toMatch(/1100 units/);
    });
  });

  it('runs at most HEAVY_OPERATIONS_PER_CALLER heavy requests of one caller at once, and refuses more with RATE_LIMITED', async () => {
    const service = app.get(StandingsService);
    const original = service.standings.bind(service);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = jest.spyOn(service, 'standings').mockImplementation(async (...args) => {
      await gate;
      return original(...args);
    });
    try {
      const running = [post(executive, past(1)), post(executive, past(1))];
      while (held.mock.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      const third = await post(executive, past(1));
      expect(third.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
      expect(third.errors?.[0]?.message).toMatch(/HEAVY_OPERATIONS_PER_CALLER/);
      expect((await post(executive, '{ awardProgram(id: "club") { qualifiers { score } } }')).errors).toBeUndefined();
      const someoneElse = post(await tokenFor('hr-1', ['HR']), past(1));
      open();
      for (const answer of [...(await Promise.all(running)), await someoneElse]) expect(answer.errors).toBeUndefined();
    } finally {
      held.mockRestore();
    }
    expect((await post(executive, past(1))).errors).toBeUndefined();
  });

  it('answers a statement the database stopped at DATABASE_STATEMENT_TIMEOUT_MS with QUERY_TOO_COMPLEX, not an internal error', async () => {
    // What PostgresClient throws when the server cancels a statement (postgres-settings.int.spec.ts).
    const stopped = jest.spyOn(app.get(StandingsService), 'standings').mockRejectedValue(new StatementTimeoutError(15_000, new Error('canceling statement due to statement timeout')));
    try {
      const body = await post(executive, past(1));
      expect(body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0]?.message).toMatch(/DATABASE_STATEMENT_TIMEOUT_MS/);
    } finally {
      stopped.mockRestore();
    }
  });

  it('keeps /health and ordinary queries answering while a legitimate heavy query runs', async () => {
    const heavy = post(executive, past(150));
    let answered = false;
    void heavy.then(() => (answered = true));
    const timed = async (ask: () => Promise<unknown>, into: number[]) => {
      const started = Date.now();
      await ask();
      into.push(Date.now() - started);
    };
    const [health, ordinary]: number[][] = [[], []];
    while (!answered) {
      await timed(async () => expect((await request(app.getHttpServer()).get('/health')).status).toBe(200), health);
      await timed(async () => expect((await post(executive, '{ employee(id: "p-1") { name } }')).errors).toBeUndefined(), ordinary);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await heavy).errors).toBeUndefined();
    const figures = (latencies: number[]) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return `${latencies.length} times, median ${sorted[Math.floor(sorted.length / 2)]} ms, slowest ${sorted[sorted.length - 1]} ms`;
    };
    process.stdout.write(`query work e2e: during 150 past moments /health answered ${figures(health)}; an employee query ${figures(ordinary)}\n`);
    // A generous bound: the point is that they are answered at all while the heavy request runs.
    expect(Math.max(...health, ...ordinary)).toBeLessThan(2_000);
  });
});
