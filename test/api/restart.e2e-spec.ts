import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

describe('a restart on the same DATA_DIR', () => {
  const config = loadConfig({ ...pgliteStore('restart'), AUTH_JWT_SECRET: TEST_JWT_SECRET });
  let app: INestApplication;

  const start = async () => {
    app = await createApp(config, { logger: false });
    await app.init();
  };
  afterAll(async () => app?.close());

  async function gql(sub: string, roles: string[], query: string) {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query })).body;
  }

  it('keeps people, deals and credits, and counts each credit once', async () => {
    await start();
    await gql('hr', ['HR'], `mutation { a: registerEmployee(input: { id: "rep-1", name: "Rep", email: "rep@example.com", department: "Sales" }) { id }
      b: registerEmployee(input: { id: "pm-1", name: "PM", email: "pm@example.com", department: "Product Management" }) { id } }`);
    await gql('rep-1', [], `mutation { openDeal(input: { id: "d-1", name: "D", account: "A", ownerId: "rep-1", type: RENEWAL, amount: "10.00", products: [], openedOn: "2026-01-01" }) { id } }`);
    await gql('rep-1', [], `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-02-01" }) { id } }`);
    const credited = await gql('rep-1', [], `mutation { creditContribution(input: { dealId: "d-1", contributorId: "pm-1", kind: DEAL_ASSIST, note: "Helped" }) { id } }`);
    expect(credited.errors).toBeUndefined();
    await app.close();

    await start();
    const after = await gql('pm-1', [], `{ me { name creditsReceived { totalCount nodes { id deal { status } } } } }`);
    expect(after.data.me).toEqual({
      name: 'PM',
      creditsReceived: { totalCount: 1, nodes: [{ id: credited.data.creditContribution.id, deal: { status: 'CLOSED_WON' } }] },
    });
  });
});
