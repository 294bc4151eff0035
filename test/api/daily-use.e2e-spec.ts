import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

const targets = apiTargets('daily use e2e');

/**
 * What the web app asks every day: lists found by name and department and ordered on the server, page by page; won
 * deals nobody is credited on; and what a program, drafted or not, would do to whom.
 */
describe.each(targets)('the daily questions over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    process.stdout.write(`daily use e2e: running against ${name}\n`);

    const people = [
      ['rep-1', 'Rosa Reyes', 'Sales'], ['pm-1', 'Priya Nair', 'Product Management'], ['pm-2', 'Sam Okafor', 'Product Management'],
      ['se-1', 'Lee Park', 'Sales Engineering'], ['se-2', 'Ana Petrov', 'Sales Engineering'],
    ];
    for (const [id, personName, department] of people) {
      await hr(`mutation { registerEmployee(input: { id: "${id}", name: "${personName}", email: "${id}@example.com", department: "${department}" }) { id } }`);
    }
    await hr(`mutation { offboardEmployee(id: "se-2", reason: "left") { id } }`);
    for (const [dealId, dealName, closedOn] of [['d-1', 'Acme renewal', '2026-03-01'], ['d-2', 'Globex expansion', '2026-06-01'], ['d-3', 'Initech POC', '2026-09-01']]) {
      await rep(`mutation { openDeal(input: { id: "${dealId}", name: "${dealName}", account: "${dealName.split(' ')[0]}", ownerId: "rep-1", type: EXPANSION, amount: "100000", products: [], openedOn: "2026-01-05" }) { id } }`);
      await rep(`mutation { closeDeal(input: { dealId: "${dealId}", outcome: WON, closedOn: "${closedOn}" }) { id } }`);
    }
    for (const [dealId, contributorId, kind] of [['d-1', 'pm-1', 'ROADMAP_BRIEFING'], ['d-2', 'pm-1', 'DEAL_ASSIST'], ['d-3', 'pm-1', 'POC_SUPPORT'], ['d-2', 'pm-2', 'ESCALATION'], ['d-3', 'se-1', 'POC_SUPPORT']]) {
      await rep(`mutation { creditContribution(input: { dealId: "${dealId}", contributorId: "${contributorId}", kind: ${kind}, note: "Helped" }) { id } }`);
    }
    await hr(`mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id } }`, {
      input: { id: 'xf', name: 'Cross-functional', periodStart: '2026-01-01', periodEnd: '2026-12-31', criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 2 }], rankBy: 'CREDITS' } },
    });
  });
  afterAll(async () => app?.close());

  async function gql(sub: string, roles: string[], query: string, variables: Record<string, unknown> = {}) {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body;
  }
  const hr = (query: string, variables?: Record<string, unknown>) => gql('hr-1', ['HR'], query, variables);
  const rep = (query: string) => gql('rep-1', [], query);

  const STANDINGS = `query($search: String, $department: String, $orderBy: StandingOrder, $knownAt: DateTime, $after: String) {
    awardProgram(id: "xf") { standings(first: 2, after: $after, search: $search, department: $department, orderBy: $orderBy, knownAt: $knownAt) {
      totalCount pageInfo { hasNextPage endCursor } nodes { employee { id } } } } }`;
  const standingIds = async (variables: Record<string, unknown>) => {
    const body = await hr(STANDINGS, variables);
    expect(body.errors).toBeUndefined();
    const page = body.data.awardProgram.standings;
    return { totalCount: page.totalCount, ids: page.nodes.map((node: { employee: { id: string } }) => node.employee.id), after: page.pageInfo.endCursor };
  };

  // Kept (now) and computed (a moment asked for) answers find and order alike.
  describe.each([['kept now', {}], ['computed at a moment', { knownAt: '2099-01-01T00:00:00Z' }]])('standings %s', (_, moment) => {
    it('are ranked by default, and ordered by name either way, page by page', async () => {
      expect(await standingIds(moment)).toMatchObject({ totalCount: 5, ids: ['pm-1', 'pm-2'] });
      const first = await standingIds({ ...moment, orderBy: { field: 'NAME', direction: 'DESC' } });
      expect(first).toMatchObject({ totalCount: 5, ids: ['pm-2', 'rep-1'] });
      expect(await standingIds({ ...moment, orderBy: { field: 'NAME', direction: 'DESC' }, after: first.after })).toMatchObject({ ids: ['pm-1', 'se-1'] });
      expect(await standingIds({ ...moment, orderBy: { field: 'SCORE', direction: 'ASC' } })).toMatchObject({ ids: ['rep-1', 'se-2'] });
    });

    it('are found by name or id in any case, and by department', async () => {
      expect(await standingIds({ ...moment, search: 'PARK' })).toEqual({ totalCount: 1, ids: ['se-1'], after: expect.any(String) });
      expect(await standingIds({ ...moment, search: 'pm-' })).toMatchObject({ totalCount: 2, ids: ['pm-1', 'pm-2'] });
      expect(await standingIds({ ...moment, department: 'Sales Engineering', orderBy: { field: 'NAME' } })).toMatchObject({ totalCount: 2, ids: ['se-2', 'se-1'] });
      expect(await standingIds({ ...moment, search: '%' })).toMatchObject({ totalCount: 0, ids: [] });
    });
  });

  it('finds the credits someone received by deal or creditor, in the order asked for', async () => {
    const received = async (args: string) => {
      const body = await gql('pm-1', [], `{ me { creditsReceived(first: 2, ${args}) { totalCount pageInfo { hasNextPage } nodes { deal { name } kind } } } }`);
      expect(body.errors).toBeUndefined();
      return body.data.me.creditsReceived;
    };
    expect(await received('orderBy: { field: DEAL_CLOSED_ON, direction: DESC }')).toEqual({
      totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ deal: { name: 'Initech POC' }, kind: 'POC_SUPPORT' }, { deal: { name: 'Globex expansion' }, kind: 'DEAL_ASSIST' }],
    });
    expect((await received('orderBy: { field: KIND }')).nodes.map((node: { kind: string }) => node.kind)).toEqual(['DEAL_ASSIST', 'POC_SUPPORT']);
    expect(await received('search: "acme"')).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, nodes: [{ deal: { name: 'Acme renewal' }, kind: 'ROADMAP_BRIEFING' }] });
    expect((await received('search: "rosa"')).totalCount).toBe(3);
  });

  it("finds a seller's won deals nobody is credited on", async () => {
    await rep(`mutation { openDeal(input: { id: "d-4", name: "Umbrella", account: "Umbrella", ownerId: "rep-1", type: EXPANSION, amount: "1000", products: [], openedOn: "2026-01-05" }) { id } }`);
    await rep(`mutation { closeDeal(input: { dealId: "d-4", outcome: WON, closedOn: "2026-10-01" }) { id } }`);
    const uncredited = await gql('rep-1', [], `{ me { deals(status: CLOSED_WON, uncredited: true) { totalCount nodes { id } } } }`);
    expect(uncredited.data.me.deals).toEqual({ totalCount: 1, nodes: [{ id: 'd-4' }] });
  });

  it('orders the directory by name or department, and lists departments with their active head counts', async () => {
    const byName = await hr(`{ employees(orderBy: { field: NAME }, first: 3) { name } }`);
    expect(byName.data.employees).toEqual([{ name: 'Ana Petrov' }, { name: 'Lee Park' }, { name: 'Priya Nair' }]);
    const byDepartment = await hr(`{ employees(orderBy: { field: DEPARTMENT, direction: DESC }, department: "Product Management") { id } }`);
    expect(byDepartment.data.employees).toEqual([{ id: 'pm-1' }, { id: 'pm-2' }]);
    expect((await hr(`{ departments { name headCount } }`)).data.departments).toEqual([
      { name: 'Product Management', headCount: 2 }, { name: 'Sales', headCount: 1 }, { name: 'Sales Engineering', headCount: 1 },
    ]);
  });

  const PREVIEW_FIELDS = `gained { id } lost { id } changes { employee { id } before { rank score qualifies } after { rank score qualifies } }`;

  it('previews a revision with each gained or lost person standing before and after', async () => {
    const body = await hr(`query($criteria: CriteriaInput!) { previewCriteria(programId: "xf", criteria: $criteria) { ${PREVIEW_FIELDS} } }`, {
      criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }], rankBy: 'CREDITS' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.previewCriteria).toEqual({
      gained: [{ id: 'pm-2' }, { id: 'se-1' }],
      lost: [],
      changes: [
        { employee: { id: 'pm-2' }, before: { rank: null, score: 1, qualifies: false }, after: { rank: 2, score: 1, qualifies: true } },
        { employee: { id: 'se-1' }, before: { rank: null, score: 1, qualifies: false }, after: { rank: 3, score: 1, qualifies: true } },
      ],
    });
    // A standing after names the program as it would be: its criteria are the proposal, the next version.
    const programs = await hr(
      `query($criteria: CriteriaInput!) { previewCriteria(programId: "xf", criteria: $criteria) { changes { before { program { criteria { version rankBy } } } after { program { criteria { version rankBy } } } } } }`,
      { criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }], rankBy: 'CREDITS' } },
    );
    const [{ before, after }] = programs.data.previewCriteria.changes;
    expect(after.program.criteria).toEqual({ version: before.program.criteria.version + 1, rankBy: 'CREDITS' });
  });

  it('previews a program before its first draft, refusing what a draft would refuse, and records nothing', async () => {
    const input = {
      name: 'Product award', periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Product Management'],
      criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 2 }], rankBy: 'CREDITS' },
    };
    const query = `query($input: DraftAwardProgramInput!) { previewProgram(input: $input) { ${PREVIEW_FIELDS} } }`;
    expect((await hr(query, { input })).data.previewProgram).toEqual({
      gained: [{ id: 'pm-1' }], lost: [], changes: [{ employee: { id: 'pm-1' }, before: null, after: { rank: 1, score: 3, qualifies: true } }],
    });
    const drafted = `query($input: DraftAwardProgramInput!) { previewProgram(input: $input) { changes { after { program { name criteria { version rankBy } criteriaHistory { version } } } } } }`;
    expect((await hr(drafted, { input })).data.previewProgram.changes[0].after.program).toEqual({
      name: 'Product award', criteria: { version: 1, rankBy: 'CREDITS' }, criteriaHistory: [{ version: 1 }],
    });
    expect((await hr(query, { input: { ...input, periodEnd: '2025-12-31' } })).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'periodEnd' });
    expect((await rep(`{ previewProgram(input: { name: "x", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 1 }] } }) { gained { id } } }`)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await hr(`{ awardPrograms { id } }`)).data.awardPrograms).toEqual([{ id: 'xf' }]);
  });

});
