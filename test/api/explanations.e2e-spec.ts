import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(90_000);

const targets = apiTargets('explanations e2e');

describe.each(targets)('every standing explains itself, on $name', ({ name, env }) => {
  let app: INestApplication;
  /** Between the first credits and the late one: what the ledger knew then. */
  let before: string;
  beforeAll(async () => {
    app = await createApp(loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    process.stdout.write(`explanations e2e: running against ${name}\n`);
    const people = [['rep-1', 'Dahlia Wolf', 'Sales'], ['rep-2', 'Sam Ortiz', 'Sales'], ['rep-3', 'Lee Park', 'Sales'], ['pm-1', 'Jaquan Jerde', 'Product'], ['pm-2', 'Priya Rao', 'Product'], ['pm-3', 'Ana Li', 'Product']];
    for (const [id, person, department] of people) {
      await hr(`mutation { registerEmployee(input: { id: "${id}", name: "${person}", email: "${id}@example.com", department: "${department}" }) { id } }`);
    }
    for (const [id, quota] of [['rep-1', '100000.00'], ['rep-2', '100000.00'], ['rep-3', '100000.00']]) {
      await hr(`mutation { setQuota(input: { employeeId: "${id}", periodStart: "2026-01-01", periodEnd: "2026-12-31", amount: "${quota}" }) { id } }`);
    }
    const won = async (id: string, owner: string, amount: string, closedOn: string, dealName = id) => {
      await gql(owner, [], `mutation($name: String!) { openDeal(input: { id: "${id}", name: $name, account: "Acme", ownerId: "${owner}", type: NEW_BUSINESS, amount: "${amount}", products: [], openedOn: "2026-01-05" }) { id } }`, { name: dealName });
      await gql(owner, [], `mutation { closeDeal(input: { dealId: "${id}", outcome: WON, closedOn: "${closedOn}" }) { id } }`);
    };
    await won('d-1', 'rep-1', '150000.00', '2026-03-01', 'Acme renewal');
    await won('d-2', 'rep-1', '60000.00', '2026-05-01');
    await won('d-3', 'rep-2', '140000.00', '2026-04-01', '=HYPERLINK("http://evil")');
    await won('d-4', 'rep-3', '50000.00', '2026-04-01');
    await credit('rep-1', 'd-1', 'pm-1', 'POC_SUPPORT');
    await credit('rep-1', 'd-2', 'pm-1', 'DEAL_ASSIST');
    await credit('rep-2', 'd-3', 'pm-2', 'DEAL_ASSIST');
    for (const program of [
      { id: 'pc', name: "President's Club", audienceDepartments: ['Sales'], criteria: { thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1 }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 1 } },
      { id: 'xf', name: 'Cross-functional', audienceDepartments: ['Product'], criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }], rankBy: 'POINTS', maxWinners: 1, kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }] } },
    ]) {
      await hr(`mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id } }`, { input: { ...program, periodStart: '2026-01-01', periodEnd: '2026-12-31' } });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Carried over from the old CRM, given 150 days after the close: late by its original date.
    await gql('admin', ['ADMIN'], `mutation { creditContribution(input: { dealId: "d-3", contributorId: "pm-3", kind: POC_SUPPORT, note: "Ran the POC", creditedOn: "2026-08-29" }) { id } }`);
    await credit('rep-1', 'd-1', 'pm-3', 'DEAL_ASSIST');
  });
  afterAll(async () => app?.close());

  async function gql(sub: string, roles: string[], query: string, variables: Record<string, unknown> = {}) {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body;
  }
  const hr = (query: string, variables?: Record<string, unknown>) => gql('hr-1', ['HR'], query, variables);
  const credit = (owner: string, dealId: string, contributorId: string, kind: string) =>
    gql(owner, [], `mutation { creditContribution(input: { dealId: "${dealId}", contributorId: "${contributorId}", kind: ${kind}, note: "Helped" }) { id } }`);
  const WHY = `employee { id } rank qualifies score wonDeals { id closedOn } quota cutoff { rank value behind }`;

  it("shows a seller's won deals and quota, and the cutoff, now, as of a date, in a preview and among the winners", async () => {
    const now = (await hr(`{ awardProgram(id: "pc") { standings { nodes { ${WHY} } } standing(employeeId: "rep-2") { ${WHY} } } }`)).data.awardProgram;
    expect(now.standings.nodes[0]).toEqual({
      employee: { id: 'rep-1' }, rank: 1, qualifies: true, score: 2.1, quota: '100000.00',
      wonDeals: [{ id: 'd-1', closedOn: '2026-03-01' }, { id: 'd-2', closedOn: '2026-05-01' }], cutoff: { rank: 1, value: 2.1, behind: 0 },
    });
    expect(now.standing).toMatchObject({ rank: 2, qualifies: false, cutoff: { rank: 1, value: 2.1 } });
    expect(now.standing.cutoff.behind).toBeCloseTo(0.7, 9);
    const past = (await hr(`{ awardProgram(id: "pc") { standing(employeeId: "rep-1", asOf: "2026-04-01T00:00:00.000Z") { ${WHY} } } }`)).data.awardProgram.standing;
    expect(past).toMatchObject({ rank: 1, score: 1.5, wonDeals: [{ id: 'd-1' }], cutoff: { value: 1.5, behind: 0 } });
    const preview = (await hr(`query($c: CriteriaInput!) { previewCriteria(programId: "pc", criteria: $c) { standings { ${WHY} } } }`, {
      c: { thresholds: [{ metric: 'WON_AMOUNT', atLeast: 1 }], rankBy: 'WON_AMOUNT', maxWinners: 2 },
    })).data.previewCriteria.standings;
    expect(preview.find((standing: { employee: { id: string } }) => standing.employee.id === 'rep-3')).toMatchObject({ rank: 3, quota: null, wonDeals: [{ id: 'd-4' }], cutoff: { rank: 2, value: 140000, behind: 90000 } });
    // A seller reads their own.
    expect((await gql('rep-3', [], `{ awardProgram(id: "pc") { standing(employeeId: "rep-3") { wonDeals { id } quota } } }`)).data.awardProgram.standing).toEqual({ wonDeals: [{ id: 'd-4' }], quota: '100000.00' });
  });

  it('lists near misses that mean something with a cap, the closest first', async () => {
    // rep-2 meets the quota but is 0.7 behind the one winning place (a third of it); rep-3 is at half their quota.
    const misses = (await hr(`{ awardProgram(id: "pc") { nearMisses(within: 0.4) { employee { id } } } }`)).data.awardProgram.nearMisses;
    expect(misses).toEqual([{ employee: { id: 'rep-2' } }]);
    expect((await hr(`{ awardProgram(id: "pc") { nearMisses(within: 0.8) { employee { id } } } }`)).data.awardProgram.nearMisses).toEqual([{ employee: { id: 'rep-2' } }, { employee: { id: 'rep-3' } }]);
  });

  it('says who changed between two moments and why, each cause naming its event', async () => {
    const changes = (await hr(`query($from: MomentInput!, $to: MomentInput!) { awardProgram(id: "xf") {
      standingChanges(from: $from, to: $to) { employee { id } before { qualifies } after { qualifies rank }
        causes { kind description position occurredAt recordedAt credit { id kind flags } deal { id } other { id } } } } }`, { from: { knownAt: before }, to: {} })).data.awardProgram.standingChanges;
    expect(changes.map((change: { employee: { id: string } }) => change.employee.id)).toEqual(['pm-1', 'pm-3']);
    const [pm1, pm3] = changes;
    expect(pm3).toMatchObject({ before: { qualifies: false }, after: { qualifies: true, rank: 1 } });
    expect(pm3.causes.map((cause: { kind: string; credit: { flags: string[] } }) => [cause.kind, cause.credit.flags])).toEqual([['CREDITED', ['LATE_CREDIT', 'BACKFILLED']], ['CREDITED', ['LATE_CREDIT']]]);
    expect(pm3.causes[0]).toMatchObject({ description: 'admin credited Ana Li for POC support on =HYPERLINK("http://evil") (originally on 2026-08-29)', occurredAt: '2026-08-29T00:00:00.000Z', deal: { id: 'd-3' } });
    expect(pm3.causes[0].recordedAt > before && pm3.causes[0].position !== null).toBe(true);
    expect(pm1.causes.map((cause: { kind: string; other: { id: string } }) => [cause.kind, cause.other?.id])).toEqual([['OVERTAKEN', 'pm-3'], ['OVERTAKEN', 'pm-3']]);
    expect(pm1.causes[0].description).toMatch(/^Ana Li overtook Jaquan Jerde past the cutoff: /);
    // One person, asked by themselves; another's standing is not theirs to ask about.
    const own = await gql('pm-1', [], `query($from: MomentInput!) { awardProgram(id: "xf") { standingChanges(from: $from, to: {}, employeeId: "pm-1") { causes { kind credit { id } description } } } }`, { from: { knownAt: before } });
    expect(own.data.awardProgram.standingChanges[0].causes[0]).toEqual({ kind: 'OVERTAKEN', credit: null, description: 'Ana Li overtook Jaquan Jerde past the cutoff' });
    const other = await gql('pm-1', [], `query($from: MomentInput!) { awardProgram(id: "xf") { standingChanges(from: $from, to: {}, employeeId: "pm-3") { employee { id } } } }`, { from: { knownAt: before } });
    expect(other.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("tells a deal's story in sentences with people's names", async () => {
    const history = (await hr(`{ deal(id: "d-1") { history { summary actor } } }`)).data.deal.history;
    expect(history.map((entry: { summary: string }) => entry.summary)).toEqual([
      'Dahlia Wolf opened Acme renewal (Acme, 150000.00) owned by Dahlia Wolf',
      'Dahlia Wolf closed Acme renewal as won for 150000.00 on 2026-03-01',
      'Dahlia Wolf credited Jaquan Jerde for POC support on Acme renewal',
      'Dahlia Wolf credited Ana Li for a deal assist on Acme renewal',
    ]);
  });

  describe('CSV exports', () => {
    const get = async (path: string, token?: string) => {
      const call = request(app.getHttpServer()).get(path).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
      return token ? call.set('Authorization', `Bearer ${token}`) : call;
    };

    it('refuses without a token, and to anyone but HR, executives and admins', async () => {
      expect((await get('/exports/programs/pc/standings.csv')).status).toBe(401);
      expect((await get('/exports/audit.csv', 'not-a-token')).status).toBe(401);
      expect((await get('/exports/programs/pc/evidence.csv', await tokenFor('rep-1'))).status).toBe(403);
    });

    it('streams standings, evidence and the audit trail, with formula-leading cells neutralised', async () => {
      const token = await tokenFor('ceo', ['EXECUTIVE']);
      const standings = await get('/exports/programs/pc/standings.csv', token);
      expect(standings.status).toBe(200);
      expect(standings.headers['content-type']).toMatch(/^text\/csv/);
      const lines = (standings.body as string).trim().split('\n');
      expect(lines[0]).toMatch(/^rank,employeeId,employee,department,qualifies,score,progress,cutoffRank,cutoffValue,behind,criteriaVersion,asOf,knownAt,CREDITS/);
      expect(lines[1]).toMatch(/^1,rep-1,Dahlia Wolf,Sales,true,2.1,1,1,2.1,0,1,/);
      expect(lines).toHaveLength(4);
      const evidence = (await get('/exports/programs/pc/evidence.csv?asOf=2026-12-31T00:00:00.000Z', token)).body as string;
      expect(evidence).toContain(`rep-2,Sam Ortiz,WON_DEAL,d-3,"'=HYPERLINK(""http://evil"")",Acme,NEW_BUSINESS,140000.00,2026-04-01`);
      expect(evidence).toContain('rep-1,Dahlia Wolf,QUOTA,,,,,100000.00');
      const audit = (await get(`/exports/audit.csv?to=${encodeURIComponent(before)}`, token)).body as string;
      expect(audit).toContain('Dahlia Wolf credited Jaquan Jerde for POC support on Acme renewal');
      expect(audit).not.toContain('Ana Li for');
      expect((await get('/exports/audit.csv?from=yesterday', token)).status).toBe(400);
    });
  });
});
