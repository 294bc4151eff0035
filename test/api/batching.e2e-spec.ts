import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '@club-ledger/eligibility';

jest.setTimeout(60_000);

describe('reading a page of credits', () => {
  let app: INestApplication;
  afterAll(async () => app?.close());

  async function gql(sub: string, roles: string[], query: string) {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query })).body;
  }

  it('costs the same few queries however many credits and people it names', async () => {
    app = await createApp(loadConfig({ ...pgliteStore('batch'), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    const people = ['rep-1', ...Array.from({ length: 12 }, (_, n) => `pm-${n}`)];
    for (const id of people) {
      await gql('hr', ['HR'], `mutation { registerEmployee(input: { id: "${id}", name: "${id}", email: "${id}@example.com", department: "Product Management" }) { id } }`);
    }
    await gql('rep-1', [], `mutation { openDeal(input: { id: "d-1", name: "D", account: "A", ownerId: "rep-1", type: RENEWAL, amount: "10.00", products: [], openedOn: "2026-01-01" }) { id } }`);
    await gql('rep-1', [], `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-02-01" }) { id } }`);
    for (const id of people.slice(1)) {
      await gql('rep-1', [], `mutation { creditContribution(input: { dealId: "d-1", contributorId: "${id}", kind: DEAL_ASSIST, note: "Helped" }) { id } }`);
    }

    const sql = app.get<SqlClient>(SQL_CLIENT);
    const queries = jest.spyOn(sql, 'query');
    const page = await gql('ceo', ['EXECUTIVE'], `{ deal(id: "d-1") { owner { name } credits { contributor { name manager { id } } creditedBy { name } deal { id } } } }`);
    expect(page.data.deal.credits).toHaveLength(12);
    // The projector polls the event log meanwhile; count only the reads of this query.
    const readModelQueries = queries.mock.calls.filter(([text]) => !text.includes('event_log'));
    // deal, then its credits, then one batch of employees (owner, contributors, creditors), then managers, then the
    // read policy's facts about the caller (credited on which of these deals), one batch for the whole page
    expect(readModelQueries.length).toBeLessThanOrEqual(6);
    queries.mockRestore();
  });
});
