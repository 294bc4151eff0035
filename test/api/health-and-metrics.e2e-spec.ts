import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { employeeStream } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { TEST_JWT_SECRET, apiTargets, startEsdbTestServer, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { type Environment, loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

async function start(env: Environment): Promise<INestApplication> {
  const app = await createApp(loadConfig({ AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env }), { logger: false });
  await app.init();
  return app;
}

/** One sample of Prometheus text, found by name and its exact set of labels (in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    const wanted = Object.entries(labels);
    if (Object.keys(found).length === wanted.length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const register = `mutation Register($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`;

describe.each(apiTargets('health and metrics e2e'))('health and metrics on $name', ({ name, env }) => {
  let app: INestApplication;
  let hr: string;

  beforeAll(async () => {
    app = await start(await env());
    hr = await tokenFor('hr', ['HR']);
    process.stdout.write(`health and metrics e2e: running against ${name}\n`);
  });
  afterAll(async () => app?.close());

  const registerEmployee = (id: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer())
      .post('/graphql')
      .set({ Authorization: `Bearer ${hr}`, ...headers })
      .send({ query: register, variables: { input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: 'Sales' } } });
  const scrape = async () => (await request(app.getHttpServer()).get('/metrics').expect(200).expect('content-type', /^text\/plain/)).text;

  it('answers liveness from the process alone', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready once both stores answer and every projection has caught up with the feed', async () => {
    expect((await registerEmployee('ready-1')).body.errors).toBeUndefined();
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', head: expect.stringMatching(/^[1-9]\d*$/) },
        readModels: { status: 'up' },
        projections: { status: 'up', maxLag: 10_000, ledger: { lag: 0 } },
      },
      error: {},
    });
  });

  it('counts and times commands by type and outcome, the events they append and the GraphQL operations', async () => {
    const before = await scrape();
    expect((await registerEmployee('counted-1')).body.errors).toBeUndefined();
    expect((await registerEmployee('counted-1')).body.errors?.[0].extensions.code).toBe('ALREADY_EXISTS');
    const after = await scrape();
    const grew = (metric: string, labels: Record<string, string>) => (sample(after, metric, labels) ?? 0) - (sample(before, metric, labels) ?? 0);

    expect(grew('club_ledger_commands_total', { command: 'RegisterEmployee', outcome: 'ok' })).toBe(1);
    expect(grew('club_ledger_commands_total', { command: 'RegisterEmployee', outcome: 'ALREADY_EXISTS' })).toBe(1);
    expect(grew('club_ledger_command_duration_seconds_count', { command: 'RegisterEmployee' })).toBe(2);
    expect(grew('club_ledger_command_duration_seconds_bucket', { command: 'RegisterEmployee', le: '+Inf' })).toBe(2);
    expect(sample(after, 'club_ledger_command_duration_seconds_bucket', { command: 'RegisterEmployee', le: '0.005' })).toBeDefined();
    expect(grew('club_ledger_events_appended_total', { type: 'EmployeeRegistered' })).toBe(1);

    const mutation = { operation_type: 'mutation', operation_name: 'Register' };
    expect(grew('club_ledger_graphql_operation_duration_seconds_count', mutation)).toBe(2);
    expect(grew('club_ledger_graphql_operations_total', { ...mutation, outcome: 'ok' })).toBe(1);
    expect(grew('club_ledger_graphql_operations_total', { ...mutation, outcome: 'ALREADY_EXISTS' })).toBe(1);

    expect(sample(after, 'club_ledger_projection_position', { projection: 'ledger' })).toBeGreaterThan(0);
    expect(sample(after, 'club_ledger_projection_lag_events', { projection: 'ledger' })).toBe(0);
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeDefined();
    expect(sample(after, 'nodejs_heap_size_used_bytes')).toBeDefined();
  });

  it("takes the caller's correlation id, echoes it, and records it on the events of that request", async () => {
    const correlationIdsOf = async (employeeId: string) => {
      const ids: string[] = [];
      for await (const event of app.get<EventStore>(EVENT_STORE).readStream(employeeStream(employeeId))) ids.push(event.metadata.correlationId);
      return ids;
    };
    const traced = await registerEmployee('traced-1', { 'x-correlation-id': 'support-ticket-42' });
    expect(traced.headers['x-correlation-id']).toBe('support-ticket-42');
    expect(await correlationIdsOf('traced-1')).toEqual(['support-ticket-42']);

    const untraced = await registerEmployee('traced-2', { 'x-correlation-id': 'has spaces and is not kept' });
    expect(untraced.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await correlationIdsOf('traced-2')).toEqual([untraced.headers['x-correlation-id']]);
  });
});

describe('readiness while the projections are behind the feed', () => {
  let app: INestApplication;
  // No projector in this process and none elsewhere: the checkpoints stay where they are while events arrive.
  beforeAll(async () => (app = await start({ ...pgliteStore('health'), PROJECTOR: 'off', READY_MAX_LAG: '0' })));
  afterAll(async () => app?.close());

  it('answers 503 naming each projection more than READY_MAX_LAG events behind, the stores being up', async () => {
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    const metadata = { actor: 'e2e', correlationId: randomUUID(), causationId: randomUUID(), occurredAt: new Date().toISOString() };
    await app.get<EventStore>(EVENT_STORE).append('probe-1', [{ id: randomUUID(), type: 'ProbeSent', data: {}, metadata }], { expectedRevision: 'no_stream' });

    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      status: 'error',
      info: { eventStore: { status: 'up' }, readModels: { status: 'up' } },
      error: {
        projections: {
          status: 'down',
          maxLag: 0,
          ledger: { position: '0', lag: 'more than 0' },
        },
      },
    });
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(sample(metrics, 'club_ledger_projection_lag_events', { projection: 'ledger' })).toBe(1);
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});

describe('readiness when the event store stops answering', () => {
  it('answers 503 with the event store down and the read models up, while liveness still answers', async () => {
    const esdb = await startEsdbTestServer();
    const app = await start({ ...pgliteStore('health'), EVENTSTORE_CONNECTION_STRING: esdb.connectionString });
    try {
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      await esdb.stop();
      const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        info: { readModels: { status: 'up' } },
        error: { eventStore: { status: 'down', message: expect.any(String) }, projections: { status: 'down' } },
      });
      await request(app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await app.close();
    }
  });
});
