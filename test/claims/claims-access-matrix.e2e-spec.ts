import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ClaimEscalation, claimStream } from '@club-ledger/domain';
import { Projector } from '@club-ledger/eligibility';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { loadConfig } from '@club-ledger/kernel';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';

jest.setTimeout(180_000);

/** The callers of the claims rules: the deal's owner, the claimant, someone uninvolved, the owner's manager, each role, nobody. */
const callers = {
  owner: ['rep-1', []],
  claimant: ['pm-1', []],
  uninvolved: ['rep-2', []],
  manager: ['lead-1', []],
  hr: ['hr-1', ['HR']],
  executive: ['ceo', ['EXECUTIVE']],
  admin: ['admin', ['ADMIN']],
  integration: ['crm', ['INTEGRATION']],
  anonymous: ['', []],
} as const;
type Caller = keyof typeof callers;
const everyone = Object.keys(callers) as Caller[];
const DAY = 24 * 60 * 60 * 1000;

interface Cell {
  /** Prepares fresh state and returns the operation to run as the caller. */
  prepare(unique: string): Promise<{ query: string; variables?: Record<string, unknown> }>;
  /** Who succeeds; everyone else signed in is FORBIDDEN unless `refused` names another code. */
  allowed: Caller[];
  refused?: Partial<Record<Caller, string>>;
}

describe('the claims and disputes access rules, operation by caller', () => {
  let app: INestApplication;
  const tokens: Partial<Record<Caller, string>> = {};
  let now = Date.parse('2026-05-04T09:00:00.000Z');

  async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
    const post = request(app.getHttpServer()).post('/graphql');
    if (tokens[caller]) post.set('Authorization', `Bearer ${tokens[caller]}`);
    return (await post.send({ query, variables })).body as { data?: Record<string, { id: string }>; errors?: { extensions: { code: string } }[] };
  }
  const codeOf = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) =>
    (await call(caller, query, variables)).errors?.[0]?.extensions.code ?? 'OK';
  async function as(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const body = await call(caller, query, variables);
    expect(body.errors).toBeUndefined();
    return Object.values(body.data ?? {})[0]?.id;
  }

  const wonDeal = async (id: string) => {
    const input = { id, name: id, account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '100.00', products: [], openedOn: '2026-01-01' };
    await as('admin', `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, { input });
    await as('admin', `mutation { closeDeal(input: { dealId: "${id}", outcome: WON, closedOn: "2026-02-01" }) { id } }`);
    return id;
  };
  const claimOn = async (u: string) =>
    as('claimant', `mutation { claimCredit(input: { dealId: "${await wonDeal(`d-${u}`)}", kind: POC_SUPPORT, note: "Ran the POC" }) { id } }`);
  const declinedClaim = async (u: string) => {
    const id = await claimOn(u);
    await as('owner', `mutation { declineClaim(claimId: "${id}", reason: "No") { id } }`);
    return id;
  };
  const retractedCredit = async (u: string) => {
    const deal = await wonDeal(`r-${u}`);
    const credit = await as('owner', `mutation { creditContribution(input: { dealId: "${deal}", contributorId: "pm-1", kind: DEAL_ASSIST, note: "Helped" }) { id } }`);
    await as('owner', `mutation { retractCredit(creditId: "${credit}", reason: "typo") { id } }`);
    return credit;
  };
  const dispute = async (u: string) =>
    as('claimant', `mutation { raiseDispute(input: { subject: RETRACTED_CREDIT, creditId: "${await retractedCredit(u)}", reason: "Mine" }) { id } }`);
  /** A claim left unanswered past the escalation days, escalated by the pass to the owner's manager. */
  const escalatedClaim = async (u: string) => {
    const id = await claimOn(u);
    now += 8 * DAY;
    await app.get(ClaimEscalation).pass();
    let last = 0n;
    for await (const event of app.get<EventStore>(EVENT_STORE).readStream(claimStream(id))) last = event.position;
    expect(await app.get(Projector).waitUntilPassed(last, 10_000)).toBe(true);
    return id;
  };
  const decisionsBy: Caller[] = ['owner', 'hr', 'admin'];

  const matrix: Record<string, Cell> = {
    claimCredit: {
      prepare: async (u) => ({ query: `mutation { claimCredit(input: { dealId: "${await wonDeal(`c-${u}`)}", kind: ESCALATION, note: "Calmed the CTO" }) { id } }` }),
      // People claim; the role accounts here are in no directory.
      allowed: ['claimant', 'uninvolved', 'manager'],
      refused: { owner: 'SELF_CREDIT' },
    },
    approveClaim: { prepare: async (u) => ({ query: `mutation { approveClaim(claimId: "${await claimOn(u)}") { id } }` }), allowed: decisionsBy },
    declineClaim: { prepare: async (u) => ({ query: `mutation { declineClaim(claimId: "${await claimOn(u)}", reason: "No") { id } }` }), allowed: decisionsBy },
    approveEscalatedClaim: {
      prepare: async (u) => ({ query: `mutation { approveClaim(claimId: "${await escalatedClaim(u)}") { id } }` }),
      allowed: [...decisionsBy, 'manager'],
    },
    withdrawClaim: { prepare: async (u) => ({ query: `mutation { withdrawClaim(claimId: "${await claimOn(u)}") { id } }` }), allowed: ['claimant'] },
    claim: {
      prepare: async (u) => ({ query: `{ claim(id: "${await claimOn(u)}") { id note } }` }),
      allowed: ['claimant', 'owner', 'manager', 'hr', 'admin'],
    },
    raiseDisputeOverRetraction: {
      prepare: async (u) => ({ query: `mutation { raiseDispute(input: { subject: RETRACTED_CREDIT, creditId: "${await retractedCredit(u)}", reason: "Mine" }) { id } }` }),
      allowed: ['claimant'],
    },
    raiseDisputeOverDeclinedClaim: {
      prepare: async (u) => ({ query: `mutation { raiseDispute(input: { subject: DECLINED_CLAIM, claimId: "${await declinedClaim(u)}", reason: "Mine" }) { id } }` }),
      allowed: ['claimant'],
    },
    resolveDispute: {
      prepare: async (u) => ({ query: `mutation { resolveDispute(disputeId: "${await dispute(u)}", inFavor: false, resolution: "No") { id } }` }),
      allowed: ['hr', 'admin'],
    },
    reportsCredits: {
      prepare: async () => ({ query: `{ employee(id: "rep-1") { creditsGiven { totalCount } } }` }),
      allowed: ['owner', 'manager', 'hr', 'executive', 'admin'],
    },
    reportsStanding: {
      prepare: async () => ({ query: `{ awardProgram(id: "club") { standing(employeeId: "rep-1") { qualifies } } }` }),
      allowed: ['owner', 'manager', 'hr', 'executive', 'admin'],
    },
    myTeam: { prepare: async () => ({ query: `{ myTeam { reports { id } } }` }), allowed: everyone.filter((caller) => caller !== 'anonymous') },
  };

  beforeAll(async () => {
    const config = loadConfig({ ...pgliteStore('claims-access'), AUTH_JWT_SECRET: TEST_JWT_SECRET });
    app = await createApp(config, { logger: false, clock: { now: () => new Date(now) } });
    await app.init();
    for (const caller of everyone) {
      const [sub, roles] = callers[caller];
      if (sub) tokens[caller] = await tokenFor(sub, [...roles]);
    }
    for (const [id, managerId] of [['lead-1', null], ['rep-1', 'lead-1'], ['rep-2', null], ['pm-1', null]]) {
      await as('admin', `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
        input: { id, name: id, email: `${id}@example.com`, department: 'Sales', managerId },
      });
    }
    await as('admin', `mutation { draftAwardProgram(input: { id: "club", name: "Club", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 1 }] } }) { id } }`);
  });
  afterAll(async () => app?.close());

  const cells = Object.entries(matrix).flatMap(([operation, cell]) => everyone.map((caller) => ({ operation, caller, cell })));
  it.each(cells)('$operation as $caller', async ({ caller, cell }) => {
    const { query, variables } = await cell.prepare(randomUUID().slice(0, 8));
    const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : cell.allowed.includes(caller) ? 'OK' : (cell.refused?.[caller] ?? 'FORBIDDEN');
    expect(await codeOf(caller, query, variables)).toBe(expected);
  });
});
