import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config/config';

jest.setTimeout(60_000);

describe('award programs over GraphQL (PGlite)', () => {
  let app: INestApplication;
  afterAll(async () => app?.close());

  async function gql(sub: string, roles: string[], query: string, variables: Record<string, unknown> = {}) {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body;
  }
  const hr = (query: string, variables?: Record<string, unknown>) => gql('hr-1', ['HR'], query, variables);
  const codeOf = (body: { errors?: { extensions: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions;

  const presidentsClub = {
    id: 'pc-2026', name: "President's Club 2026", periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Sales'],
    criteria: { thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1 }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 5 },
  };
  const draft = `mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id status audienceDepartments criteria { version rankBy maxWinners requireActive thresholds { metric atLeast kind } } } }`;

  it('drafts, revises with a reason, opens and finalizes a program, recording the winners', async () => {
    app = await createApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'club-ledger-programs-')), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    for (const id of ['rep-1', 'rep-2']) {
      await hr(`mutation { registerEmployee(input: { id: "${id}", name: "${id}", email: "${id}@example.com", department: "Sales" }) { id } }`);
      await hr(`mutation { setQuota(input: { employeeId: "${id}", periodStart: "2026-01-01", periodEnd: "2026-12-31", amount: "100000" }) { id } }`);
    }
    await gql('rep-1', [], `mutation { openDeal(input: { id: "d-1", name: "D", account: "A", ownerId: "rep-1", type: NEW_BUSINESS, amount: "120000", products: [], openedOn: "2026-02-01" }) { id } }`);
    await gql('rep-1', [], `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-05-01" }) { id } }`);

    expect((await hr(draft, { input: presidentsClub })).data.draftAwardProgram).toEqual({
      id: 'pc-2026', status: 'DRAFT', audienceDepartments: ['Sales'],
      criteria: { version: 1, rankBy: 'QUOTA_ATTAINMENT', maxWinners: 5, requireActive: true, thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1, kind: null }] },
    });
    const revised = await hr(
      `mutation($criteria: CriteriaInput!) { reviseCriteria(programId: "pc-2026", criteria: $criteria, reason: "Stretch goal for 2026") { criteria { version reason } criteriaHistory { version reason } } }`,
      { criteria: { thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1.1 }], rankBy: 'QUOTA_ATTAINMENT' } },
    );
    expect(revised.data.reviseCriteria).toEqual({
      criteria: { version: 2, reason: 'Stretch goal for 2026' },
      criteriaHistory: [{ version: 1, reason: null }, { version: 2, reason: 'Stretch goal for 2026' }],
    });
    expect((await hr(`mutation { openAwardProgram(programId: "pc-2026") { status } }`)).data.openAwardProgram).toEqual({ status: 'OPEN' });
    expect((await gql('ceo', ['EXECUTIVE'], `{ awardPrograms(status: OPEN) { id } }`)).data.awardPrograms).toEqual([{ id: 'pc-2026' }]);

    expect((await hr(`mutation { finalizeAwardProgram(programId: "pc-2026") { status } }`)).data.finalizeAwardProgram).toEqual({ status: 'FINALIZED' });
    const history = (await hr(`{ awardProgram(id: "pc-2026") { history { type data } } }`)).data.awardProgram.history;
    expect(history.map((entry: { type: string }) => entry.type)).toEqual(['AwardProgramDrafted', 'CriteriaRevised', 'AwardProgramOpened', 'AwardProgramFinalized']);
    expect(history[3].data).toEqual({ programId: 'pc-2026', criteriaVersion: 2, winners: [{ employeeId: 'rep-1', rank: 1, score: 1.2 }] });

    expect(codeOf(await hr(`mutation { finalizeAwardProgram(programId: "pc-2026") { status } }`))).toMatchObject({ code: 'INVALID_STATE' });
    expect(codeOf(await hr(`mutation($c: CriteriaInput!) { reviseCriteria(programId: "pc-2026", criteria: $c, reason: "late") { id } }`, { c: presidentsClub.criteria }))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lets only HR and ADMIN define programs, and refuses criteria it cannot honour', async () => {
    const input = { ...presidentsClub, id: 'other' };
    expect(codeOf(await gql('ceo', ['EXECUTIVE'], draft, { input }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(codeOf(await hr(draft, { input: { ...input, criteria: { thresholds: [] } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'criteria.thresholds' });
    expect(codeOf(await hr(draft, { input: { ...input, criteria: { thresholds: [{ metric: 'POINTS', atLeast: 1, kind: 'POC_SUPPORT' }] } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'criteria.thresholds.kind' });
    expect(codeOf(await hr(draft, { input: { ...input, periodEnd: '2025-01-01' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periodEnd' });
    expect(codeOf(await hr(draft, { input: { ...input, criteria: { ...presidentsClub.criteria, maxWinners: 0 } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'criteria.maxWinners' });
  });
});
