import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '@club-ledger/eligibility';

jest.setTimeout(60_000);

const targets = apiTargets('programs e2e');

describe.each(targets)('award programs over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    process.stdout.write(`programs e2e: running against ${name}\n`);
  });
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
    expect(codeOf(await hr(draft, { input: { ...input, criteria: { thresholds: [{ metric: 'POINTS', atLeast: 1, kind: 'POC_SUPPORT' }] } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'criteria.thresholds.0.kind' });
    expect(codeOf(await hr(draft, { input: { ...input, periodEnd: '2025-01-01' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periodEnd' });
    expect(codeOf(await hr(draft, { input: { ...input, criteria: { ...presidentsClub.criteria, maxWinners: 0 } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'criteria.maxWinners' });
  });

  it('answers who qualifies, who is close, why, as of a date, and what a criteria change would do', async () => {
    for (const [id, department] of [['pm-1', 'Product Management'], ['se-1', 'Sales Engineering'], ['pmm-1', 'Product Marketing']]) {
      await hr(`mutation { registerEmployee(input: { id: "${id}", name: "${id}", email: "${id}@example.com", department: "${department}" }) { id } }`);
    }
    for (const [dealId, closedOn] of [['x-1', '2026-02-15'], ['x-2', '2026-08-20']]) {
      await gql('rep-1', [], `mutation { openDeal(input: { id: "${dealId}", name: "X", account: "A", ownerId: "rep-1", type: EXPANSION, amount: "250000", products: [], openedOn: "2026-01-05" }) { id } }`);
      await gql('rep-1', [], `mutation { closeDeal(input: { dealId: "${dealId}", outcome: WON, closedOn: "${closedOn}" }) { id } }`);
    }
    const credit = (dealId: string, contributorId: string, kind: string) =>
      gql('rep-1', [], `mutation { creditContribution(input: { dealId: "${dealId}", contributorId: "${contributorId}", kind: ${kind}, note: "Made the difference" }) { id } }`);
    await credit('x-1', 'pm-1', 'ROADMAP_BRIEFING');
    await credit('x-2', 'pm-1', 'ROADMAP_BRIEFING');
    await credit('x-2', 'se-1', 'POC_SUPPORT');
    await hr(draft, {
      input: {
        id: 'xf-2026', name: 'Cross-functional award', periodStart: '2026-01-01', periodEnd: '2026-12-31',
        audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
        criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 2 }, { metric: 'INFLUENCED_AMOUNT', atLeast: 400000 }], rankBy: 'INFLUENCED_AMOUNT' },
      },
    });
    const ceo = (query: string, variables?: Record<string, unknown>) => gql('ceo', ['EXECUTIVE'], query, variables);

    const now = await ceo(`{ awardProgram(id: "xf-2026") { qualifiers { employee { id } rank criteriaVersion thresholds { actual met } evidence { note deal { id } } }
      nearMisses(within: 0.5) { employee { id } progress } standings(first: 2) { totalCount nodes { employee { id } } pageInfo { hasNextPage } } } }`);
    expect(now.data.awardProgram.qualifiers).toEqual([{
      employee: { id: 'pm-1' }, rank: 1, criteriaVersion: 1, thresholds: [{ actual: 2, met: true }, { actual: 500000, met: true }],
      evidence: [{ note: 'Made the difference', deal: { id: 'x-1' } }, { note: 'Made the difference', deal: { id: 'x-2' } }],
    }]);
    expect(now.data.awardProgram.nearMisses).toEqual([{ employee: { id: 'se-1' }, progress: 0.5 }]);
    expect(now.data.awardProgram.standings).toEqual({ totalCount: 3, nodes: [{ employee: { id: 'pm-1' } }, { employee: { id: 'se-1' } }], pageInfo: { hasNextPage: true } });

    // The kept standings are read without their evidence unless the query names it, through fragments and aliases too.
    const pm1Evidence = [{ deal: { id: 'x-1' } }, { deal: { id: 'x-2' } }];
    const fragments = await ceo(`fragment Why on Standing { because: evidence { deal { id } } }
      { awardProgram(id: "xf-2026") {
          qualifiers { ...Why }
          nearMisses(within: 0.5) { ... on Standing { evidence { deal { id } } } }
          standings(first: 1) { page: nodes { ...Why } }
          mine: standing(employeeId: "pm-1") { ... { ...Why } } } }`);
    expect(fragments.errors).toBeUndefined();
    expect(fragments.data.awardProgram).toEqual({
      qualifiers: [{ because: pm1Evidence }],
      nearMisses: [{ evidence: [{ deal: { id: 'x-2' } }] }],
      standings: { page: [{ because: pm1Evidence }] },
      mine: { because: pm1Evidence },
    });

    // The evidence's deals are read with the evidence, in the same statement, and answer as the deals do.
    const dealFields = 'id name account type amount products status openedOn closedOn flags owner { id }';
    const statements = jest.spyOn(app.get<SqlClient>(SQL_CLIENT), 'query');
    const dealsRead = () => statements.mock.calls.filter(([text]) => /FROM deals WHERE/.test(text)).length;
    const withDeals = await ceo(`{ awardProgram(id: "xf-2026") { standing(employeeId: "pm-1") { evidence { deal { ${dealFields} } } } } }`);
    const readWithEvidence = dealsRead();
    const asDeals = await Promise.all(['x-1', 'x-2'].map(async (id) => (await ceo(`{ deal(id: "${id}") { ${dealFields} } }`)).data.deal));
    const readAsDeals = dealsRead() - readWithEvidence;
    statements.mockRestore();
    // Asked alone, each deal is read by a statement the pattern finds: none ran for the evidence.
    expect({ readWithEvidence, readAsDeals }).toEqual({ readWithEvidence: 0, readAsDeals: 2 });
    expect(asDeals[0]).toMatchObject({ id: 'x-1', amount: '250000.00', type: 'EXPANSION', closedOn: '2026-02-15', owner: { id: 'rep-1' } });
    expect(withDeals.data.awardProgram.standing.evidence.map((evidence: { deal: unknown }) => evidence.deal)).toEqual(asDeals);

    const inMarch = await ceo(`{ awardProgram(id: "xf-2026") { qualifiers(asOf: "2026-03-31T23:59:59Z") { employee { id } } } }`);
    expect(inMarch.data.awardProgram.qualifiers).toEqual([]);
    // A past moment is computed from the facts, with its evidence when the query names it.
    const inSeptember = await ceo(`{ awardProgram(id: "xf-2026") {
      standing(employeeId: "pm-1", asOf: "2026-09-30T23:59:59Z") { evidence { deal { id } } }
      qualifiers(asOf: "2026-09-30T23:59:59Z") { employee { id } } } }`);
    expect(inSeptember.errors).toBeUndefined();
    expect(inSeptember.data.awardProgram).toEqual({ standing: { evidence: pm1Evidence }, qualifiers: [{ employee: { id: 'pm-1' } }] });

    const preview = await ceo(
      `query($c: CriteriaInput!) { previewCriteria(programId: "xf-2026", criteria: $c) { gained { id } lost { id } standings { employee { id } qualifies } } }`,
      { c: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }], rankBy: 'INFLUENCED_AMOUNT' } },
    );
    expect(preview.data.previewCriteria.gained).toEqual([{ id: 'se-1' }]);
    expect(preview.data.previewCriteria.lost).toEqual([]);
    // Judged on the kept metrics (the proposal weighs credits as the criteria in force do), on them with the points
    // summed anew (a kind given its default points: the same weights, said differently), and counted anew in the
    // database (a threshold on a kind the criteria in force do not count, which everyone meets): the same standings,
    // down to the evidence.
    const everything = `query($c: CriteriaInput!) { previewCriteria(programId: "xf-2026", criteria: $c) { gained { id } lost { id } standings {
      employee { id } criteriaVersion qualifies rank progress score metrics { metric kind value }
      thresholds { threshold { metric atLeast kind } actual met progress } evidence { id } } } }`;
    const proposal = { thresholds: [{ metric: 'CREDITS', atLeast: 1 }, { metric: 'DISTINCT_CREDITORS', atLeast: 1 }], rankBy: 'INFLUENCED_AMOUNT', maxWinners: 1 };
    const onKept = await ceo(everything, { c: proposal });
    const reweighed = await ceo(everything, { c: { ...proposal, kindPoints: [{ kind: 'DEAL_ASSIST', points: 1 }] } });
    expect(onKept.errors).toBeUndefined();
    expect(onKept.data.previewCriteria.standings.map((standing: { employee: { id: string }; rank: number | null; qualifies: boolean; evidence: unknown[] }) =>
      [standing.employee.id, standing.rank, standing.qualifies, standing.evidence.length])).toEqual([['pm-1', 1, true, 2], ['se-1', 2, false, 1], ['pmm-1', null, false, 0]]);
    expect(reweighed.data).toEqual(onKept.data);
    const counted = await ceo(everything, { c: { ...proposal, thresholds: [...proposal.thresholds, { metric: 'CREDITS', atLeast: 0, kind: 'ROADMAP_BRIEFING' }] } });
    expect(counted.errors).toBeUndefined();
    const ranked = (preview: typeof onKept) => preview.data.previewCriteria.standings.map((standing: { employee: { id: string }; rank: number | null; qualifies: boolean; score: number; evidence: unknown[] }) =>
      [standing.employee.id, standing.rank, standing.qualifies, standing.score, standing.evidence]);
    expect(ranked(counted)).toEqual(ranked(onKept));
    // pm-1's two briefings, which the kept metrics do not count: counted anew.
    expect(counted.data.previewCriteria.standings[0].metrics).toContainEqual({ metric: 'CREDITS', kind: 'ROADMAP_BRIEFING', value: 2 });
    const impossible = await ceo(`query($c: CriteriaInput!) { previewCriteria(programId: "xf-2026", criteria: $c) { gained { id } } }`, {
      c: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }, { metric: 'POINTS', atLeast: -1 }] },
    });
    expect(codeOf(impossible)).toEqual({ code: 'BAD_USER_INPUT', field: 'criteria.thresholds.1.atLeast' });
    expect((await ceo(`{ awardProgram(id: "xf-2026") { criteriaHistory { version } } }`)).data.awardProgram.criteriaHistory).toEqual([{ version: 1 }]);

    expect((await gql('se-1', [], `{ awardProgram(id: "xf-2026") { standing(employeeId: "se-1") { qualifies progress } } }`)).data.awardProgram.standing).toEqual({ qualifies: false, progress: 0.5 });
    expect(codeOf(await gql('se-1', [], `{ awardProgram(id: "xf-2026") { standing(employeeId: "pm-1") { qualifies } } }`))).toMatchObject({ code: 'FORBIDDEN' });
    expect(codeOf(await gql('se-1', [], `{ awardProgram(id: "xf-2026") { qualifiers { rank } } }`))).toMatchObject({ code: 'FORBIDDEN' });

    await hr(`mutation { openAwardProgram(programId: "xf-2026") { id } }`);
    await hr(`mutation { finalizeAwardProgram(programId: "xf-2026") { id } }`);
    await credit('x-1', 'se-1', 'RFP_RESPONSE');
    const winners = await ceo(`{ awardProgram(id: "xf-2026") { winners { employee { id } rank } qualifiers { employee { id } } } }`);
    expect(winners.data.awardProgram.winners).toEqual([{ employee: { id: 'pm-1' }, rank: 1 }]);
    expect(winners.data.awardProgram.qualifiers.map((q: { employee: { id: string } }) => q.employee.id)).toEqual(['pm-1', 'se-1']);
  });
});
