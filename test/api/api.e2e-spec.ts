import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type Environment } from '../../apps/api/src/config/config';

jest.setTimeout(60_000);

async function start(env: Environment): Promise<INestApplication> {
  const app = await createApp(loadConfig(env), { logger: false });
  await app.init();
  return app;
}

const healthQuery = { query: '{ health { status eventStore readModels projections { name position } } }' };

const targets: { name: string; env: () => Environment; engine: string }[] = [
  { name: 'PGlite', engine: 'pglite', env: () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'club-ledger-e2e-')) }) },
];
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  targets.push({
    name: 'PostgreSQL',
    engine: 'postgres',
    env: () => ({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `api_${randomUUID().slice(0, 8)}` }),
  });
} else {
  process.stdout.write('api e2e: PostgreSQL skipped for want of DATABASE_URL\n');
}

describe.each(targets)('the API on $name', ({ env, engine, name }) => {
  let app: INestApplication;
  let environment: Environment;

  beforeAll(async () => {
    environment = env();
    app = await start(environment);
    process.stdout.write(`api e2e: running against ${name}\n`);
  });
  afterAll(async () => app?.close());

  it('answers the health query over GraphQL', async () => {
    const response = await request(app.getHttpServer()).post('/graphql').send(healthQuery).expect(200);
    expect(response.body).toEqual({
      data: {
        health: {
          status: 'ok',
          eventStore: engine,
          readModels: engine,
          projections: ['directory', 'deals', 'quotas', 'programs', 'eligibility-facts'].map((projection) => ({ name: projection, position: expect.any(String) })),
        },
      },
    });
  });

  it('answers GET /health', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', eventStore: engine, readModels: engine });
  });

  it('keeps its events across a restart on the same storage', async () => {
    const stream = `restart-${randomUUID()}`;
    const event = {
      id: randomUUID(),
      type: 'ThingHappened',
      data: { n: 1 },
      metadata: { actor: 'e2e', correlationId: 'c', causationId: 'c', occurredAt: new Date().toISOString() },
    };
    await app.get<EventStore>(EVENT_STORE).append(stream, [event], { expectedRevision: 'no_stream' });
    await app.close();

    app = await start(environment);
    const read = [];
    for await (const recorded of app.get<EventStore>(EVENT_STORE).readStream(stream)) read.push(recorded.id);
    expect(read).toEqual([event.id]);
  });
});
