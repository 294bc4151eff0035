import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { apiTargets } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { type Environment, loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

async function start(env: Environment): Promise<INestApplication> {
  const app = await createApp(loadConfig(env), { logger: false });
  await app.init();
  return app;
}

const healthQuery = { query: '{ health { status eventStore readModels projections { name position } } }' };

const targets = apiTargets('api e2e');

describe.each(targets)('the API on $name', ({ env, eventStore, readModels, name }) => {
  let app: INestApplication;
  let environment: Environment;

  beforeAll(async () => {
    environment = await env();
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
          eventStore,
          readModels,
          projections: ['ledger', 'claims', 'notifications'].map((projection) => ({ name: projection, position: expect.any(String) })),
        },
      },
    });
  });

  it('answers GET /health', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', eventStore, readModels, projections: expect.any(Array) });
  });

  it('serves GraphQL on the port it listens on, as main.ts starts it', async () => {
    await app.listen(0);
    const response = await fetch(`${await app.getUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status eventStore } }' }),
    });
    expect(await response.json()).toEqual({ data: { health: { status: 'ok', eventStore } } });
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
