import { CONTRIBUTION_KINDS } from '@club-ledger/domain';
import { mintDevToken } from '@club-ledger/kernel';
import type { GeneratedOrg } from '../apps/cli/src/seed/org-generator';
import { graphql } from './api-process';
import type { Report } from './report';

export interface Latencies { calls: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }
export interface CommandFigures extends Latencies { clients: number; seconds: number; creditsPerSecond: number; rejected: number }

export function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { calls: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface NewCredit { dealId: string; ownerId: string; contributorId: string; kind: string }

/** Credits the rules accept: on won deals, by their owner, to a helper other than the owner, in a kind they lack. */
function* acceptableCredits(org: GeneratedOrg): Generator<NewCredit> {
  const helpers = org.employees.filter((employee) => employee.department !== 'Sales');
  let next = 0;
  for (const deal of org.deals) {
    if (deal.outcome !== 'WON') continue;
    const taken = new Set(deal.credits.map((credit) => `${credit.contributorId}/${credit.kind}`));
    const contributor = helpers[next++ % helpers.length];
    const kind = CONTRIBUTION_KINDS.find((candidate) => !taken.has(`${contributor.id}/${candidate}`));
    if (kind) yield { dealId: deal.id, ownerId: deal.ownerId, contributorId: contributor.id, kind };
  }
}

const CREDIT = `mutation Credit($input: CreditContributionInput!) { creditContribution(input: $input) { id status } }`;

/**
 * Phase 2: `creditContribution` from `clients` concurrent callers until `calls` have been made, passing over the first
 * `givenBefore` acceptable credits, which earlier runs on the same store gave: given again, their idempotency keys
 * would answer the first result without appending or projecting anything.
 */
export async function commandPath(url: string, secret: string, org: GeneratedOrg, { calls, clients, givenBefore }: { calls: number; clients: number; givenBefore: number }, report: Report): Promise<CommandFigures> {
  const credits = acceptableCredits(org);
  for (let passed = 0; passed < givenBefore && !credits.next().done; passed += 1);
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (owner: string) => tokens.get(owner) ?? tokens.set(owner, mintDevToken(secret, owner, [])).get(owner) as Promise<string>;
  const samples: number[] = [];
  let rejected = 0;
  let made = 0;
  const client = async () => {
    while (made < calls) {
      const next = credits.next();
      if (next.done) return;
      made += 1;
      const credit = next.value;
      const token = await tokenOf(credit.ownerId);
      const input = { dealId: credit.dealId, contributorId: credit.contributorId, kind: credit.kind, note: 'Helped with the benchmark', idempotencyKey: `bench:${credit.dealId}:${credit.contributorId}:${credit.kind}` };
      try {
        samples.push(await timed(() => graphql(url, token, CREDIT, { input })));
      } catch (error) {
        rejected += 1;
        if (rejected <= 3) process.stderr.write(`credit rejected: ${String(error)}\n`);
      }
      if (made % 100 === 0) report.progress('commands', made);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  if (made < calls) throw new Error(`only ${made} of ${calls} credits were left to give on this store: ingest a new one`);
  return { ...latencies(samples), clients, seconds, creditsPerSecond: samples.length / seconds, rejected };
}

const STANDING_FIELDS = 'employee { id } criteriaVersion qualifies rank progress score';
const PREVIEW = `query($p: ID!, $c: CriteriaInput!) { previewCriteria(programId: $p, criteria: $c) { gained { id } lost { id } standings { employee { id } qualifies } } }`;

export interface QueryFigures {
  qualifiers: Latencies; standingsPage: Latencies; standingWithEvidence: Latencies; nearMisses: Latencies;
  /** A threshold moved: the same credits weighed alike, judged on the metrics the read model keeps. */
  previewCriteria: Latencies;
  /** Credits weighed anew (other kind points): judged on the kept metrics, the points summed anew in SQL. */
  previewReweighed: Latencies;
  /** Credits counted anew (flagged deals excluded): every metric of the audience counted anew in SQL. */
  previewRecounted: Latencies;
}

export const CROSS_FUNCTIONAL_CRITERIA = (creditedDeals: number) => ({
  thresholds: [
    { metric: 'CREDITED_DEALS', atLeast: creditedDeals },
    { metric: 'INFLUENCED_AMOUNT', atLeast: 750_000 },
    { metric: 'DISTINCT_CREDITORS', atLeast: 3 },
  ],
  rankBy: 'POINTS', maxWinners: 15,
  kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }, { kind: 'ROADMAP_BRIEFING', points: 2 }, { kind: 'ESCALATION', points: 2 }],
  dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }],
  productMultipliers: [{ product: 'Security', multiplier: 1.25 }],
});

/** Phase 4: the executive's questions, sequentially, `calls` times each (previewCriteria a few times). */
export async function queries(url: string, token: string, programId: string, calls: number, report: Report): Promise<QueryFigures> {
  const page = await graphql<{ awardProgram: { standings: { nodes: { employee: { id: string } }[] } } }>(
    url, token, `query($p: ID!) { awardProgram(id: $p) { standings(first: 1) { nodes { employee { id } } } } }`, { p: programId },
  );
  const employeeId = page.awardProgram.standings.nodes[0]?.employee.id ?? 'emp-00001';
  const repeat = async (name: string, times: number, query: string, variables: Record<string, unknown>) => {
    const answered = await askedRepeatedly(url, token, times, query, variables);
    report.progress(`queries ${name}`, times);
    return answered;
  };
  return {
    qualifiers: await repeat('qualifiers', calls, `query($p: ID!) { awardProgram(id: $p) { qualifiers { ${STANDING_FIELDS} } } }`, { p: programId }),
    standingsPage: await repeat('standings', calls, `query($p: ID!) { awardProgram(id: $p) { standings(first: 50) { totalCount nodes { ${STANDING_FIELDS} } } } }`, { p: programId }),
    standingWithEvidence: await repeat(
      'standing',
      calls,
      `query($p: ID!, $e: ID!) { awardProgram(id: $p) { standing(employeeId: $e) { ${STANDING_FIELDS} thresholds { actual met progress } evidence { id kind status deal { id amount } } } } }`,
      { p: programId, e: employeeId },
    ),
    nearMisses: await repeat('nearMisses', calls, `query($p: ID!) { awardProgram(id: $p) { nearMisses(within: 0.2) { ${STANDING_FIELDS} } } }`, { p: programId }),
    previewCriteria: await repeat(
      'previewCriteria',
      3,
      PREVIEW,
      { p: programId, c: CROSS_FUNCTIONAL_CRITERIA(4) },
    ),
    previewReweighed: await repeat(
      'previewCriteria, credits weighed anew',
      3,
      PREVIEW,
      { p: programId, c: { ...CROSS_FUNCTIONAL_CRITERIA(5), kindPoints: [{ kind: 'POC_SUPPORT', points: 4 }, { kind: 'ROADMAP_BRIEFING', points: 2 }, { kind: 'ESCALATION', points: 2 }] } },
    ),
    previewRecounted: await repeat(
      'previewCriteria, credits counted anew',
      3,
      PREVIEW,
      { p: programId, c: { ...CROSS_FUNCTIONAL_CRITERIA(4), excludeFlaggedDeals: true } },
    ),
  };
}

export interface PastMomentFigures {
  asOf: string;
  qualifiers: Latencies; standingsPage: Latencies; standingWithEvidence: Latencies; nearMisses: Latencies;
}

/**
 * Phase 4, past moment: the executive's questions as of `asOf`, `calls` times each. A past moment is not kept: it is
 * counted in the database over the read models as they stood then.
 */
export async function pastMoment(url: string, token: string, programId: string, employeeId: string, asOf: string, calls: number): Promise<PastMomentFigures> {
  // GraphQL refuses a variable declared and not used: the employee's only where asked for.
  const ask = (fields: string) =>
    fields.includes('$e')
      ? askedRepeatedly(url, token, calls, `query($p: ID!, $a: DateTime, $e: ID!) { awardProgram(id: $p) { ${fields} } }`, { p: programId, a: asOf, e: employeeId })
      : askedRepeatedly(url, token, calls, `query($p: ID!, $a: DateTime) { awardProgram(id: $p) { ${fields} } }`, { p: programId, a: asOf });
  return {
    asOf,
    qualifiers: await ask(`qualifiers(asOf: $a) { ${STANDING_FIELDS} }`),
    standingsPage: await ask(`standings(first: 50, asOf: $a) { totalCount nodes { ${STANDING_FIELDS} } }`),
    standingWithEvidence: await ask(`standing(employeeId: $e, asOf: $a) { ${STANDING_FIELDS} thresholds { actual met progress } evidence { id kind status deal { id amount } } }`),
    nearMisses: await ask(`nearMisses(within: 0.2, asOf: $a) { ${STANDING_FIELDS} }`),
  };
}

/** One query asked `times` times in a row, each answer awaited: its latencies. */
async function askedRepeatedly(url: string, token: string, times: number, query: string, variables: Record<string, unknown>): Promise<Latencies> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await timed(() => graphql(url, token, query, variables)));
  return latencies(samples);
}

export interface RevisionFigures { reviseMs: number; reflectedMs: number; version: number }

/** Phase 5: from `reviseCriteria` returning to the qualifiers and the first standings page all under the new version. */
export async function revision(url: string, token: string, programId: string): Promise<RevisionFigures> {
  const started = performance.now();
  const revised = await graphql<{ reviseCriteria: { criteria: { version: number } } }>(
    url, token,
    `mutation($p: ID!, $c: CriteriaInput!) { reviseCriteria(programId: $p, criteria: $c, reason: "Benchmark: one more credited deal") { criteria { version } } }`,
    { p: programId, c: CROSS_FUNCTIONAL_CRITERIA(6) },
  );
  const returned = performance.now();
  const version = revised.reviseCriteria.criteria.version;
  const deadline = returned + 120_000;
  for (;;) {
    const read = await graphql<{ awardProgram: { qualifiers: { criteriaVersion: number }[]; standings: { nodes: { criteriaVersion: number }[] } } }>(
      url, token, `query($p: ID!) { awardProgram(id: $p) { qualifiers { criteriaVersion } standings(first: 50) { nodes { criteriaVersion } } } }`, { p: programId },
    );
    const standings = [...read.awardProgram.qualifiers, ...read.awardProgram.standings.nodes];
    if (standings.every((standing) => standing.criteriaVersion === version)) break;
    if (performance.now() > deadline) throw new Error('the revision was not reflected within two minutes');
    await new Promise((done) => setTimeout(done, 10));
  }
  return { reviseMs: returned - started, reflectedMs: performance.now() - returned, version };
}
