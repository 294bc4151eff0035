import type { Criteria } from '@club-ledger/domain';
import type { ProgramFacts } from './facts';
import { nearMisses } from './cutoff';
import { computeStandings, countsAsKept, weighsAsKept, type Standing } from './standings';

const criteria = (overrides: Partial<Criteria> = {}): Criteria => ({
  version: 1,
  reason: null,
  revisedAt: '2026-01-01T00:00:00.000Z',
  thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }],
  rankBy: 'CREDITS',
  maxWinners: null,
  kindPoints: [],
  dealTypeMultipliers: [],
  productMultipliers: [],
  excludeFlaggedDeals: false,
  requireActive: true,
  ...overrides,
});

type Deal = ProgramFacts['deals'][number];
type Credit = ProgramFacts['credits'][number];
const deal = (id: string, overrides: Partial<Deal> = {}): Deal => ({
  id, ownerId: 'rep-1', dealType: 'NEW_BUSINESS', amountCents: 100_000_00n, products: [], status: 'CLOSED_WON',
  openedOn: '2026-01-10', closedOn: '2026-03-31', ...overrides,
});
let creditSeq = 0;
const credit = (dealId: string, contributorId: string, overrides: Partial<Credit> = {}): Credit => ({
  id: `c-${(creditSeq += 1)}`, dealId, contributorId, creditedBy: 'rep-1', kind: 'DEAL_ASSIST', active: true,
  creditedAt: '2026-04-01T00:00:00.000Z', ...overrides,
});
const facts = (overrides: Partial<ProgramFacts> = {}): ProgramFacts => ({
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  audienceDepartments: [],
  employees: [
    { id: 'rep-1', department: 'Sales', active: true },
    { id: 'rep-2', department: 'Sales', active: true },
    { id: 'pm-1', department: 'Product Management', active: true },
    { id: 'se-1', department: 'Sales Engineering', active: true },
  ],
  deals: [],
  credits: [],
  quotas: [],
  ...overrides,
});

const of = (standings: Standing[], id: string) => standings.find((standing) => standing.employeeId === id) as Standing;
const metric = (standing: Standing, name: string, kind: string | null = null) =>
  standing.metrics.find((entry) => entry.metric === name && entry.kind === kind)?.value;

describe('the criteria engine', () => {
  it('computes every metric of a contributor and a seller', () => {
    const standings = computeStandings(
      facts({
        deals: [deal('d-1'), deal('d-2', { amountCents: 50_000_00n, ownerId: 'rep-2' })],
        credits: [credit('d-1', 'pm-1'), credit('d-2', 'pm-1', { creditedBy: 'rep-2', kind: 'POC_SUPPORT' })],
        quotas: [{ employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amountCents: 80_000_00n }],
      }),
      criteria(),
    );
    const pm = of(standings, 'pm-1');
    expect(pm.metrics.map(({ metric: name, value }) => [name, value])).toEqual([
      ['CREDITS', 2], ['CREDITED_DEALS', 2], ['INFLUENCED_AMOUNT', 150000], ['DISTINCT_CREDITORS', 2],
      ['POINTS', 2], ['WON_AMOUNT', 0], ['QUOTA_ATTAINMENT', 0],
    ]);
    expect(metric(of(standings, 'rep-1'), 'WON_AMOUNT')).toBe(100000);
    expect(metric(of(standings, 'rep-1'), 'QUOTA_ATTAINMENT')).toBe(1.25);
    expect(pm.evidence).toHaveLength(2);
  });

  it.each<[string, Partial<ProgramFacts>]>([
    ['a reopened deal', { deals: [deal('d-1', { status: 'OPEN', closedOn: null })] }],
    ['a lost deal', { deals: [deal('d-1', { status: 'CLOSED_LOST' })] }],
    ['a deal closed before the period', { deals: [deal('d-1', { closedOn: '2025-12-31' })] }],
    ['a deal closed after the period', { deals: [deal('d-1', { closedOn: '2027-01-01' })] }],
  ])('does not count credits on %s', (_, overrides) => {
    const pm = of(computeStandings(facts({ credits: [credit('d-1', 'pm-1')], ...overrides }), criteria()), 'pm-1');
    expect([metric(pm, 'CREDITS'), metric(pm, 'INFLUENCED_AMOUNT'), pm.qualifies, pm.evidence]).toEqual([0, 0, false, []]);
  });

  it('does not count a retracted credit', () => {
    const pm = of(computeStandings(facts({ deals: [deal('d-1')], credits: [credit('d-1', 'pm-1', { active: false })] }), criteria()), 'pm-1');
    expect(metric(pm, 'CREDITS')).toBe(0);
  });

  it('counts two kinds on one deal as two credits but one deal, and its amount once', () => {
    const pm = of(
      computeStandings(facts({ deals: [deal('d-1')], credits: [credit('d-1', 'pm-1'), credit('d-1', 'pm-1', { kind: 'ROADMAP_BRIEFING' })] }), criteria()),
      'pm-1',
    );
    expect([metric(pm, 'CREDITS'), metric(pm, 'CREDITED_DEALS'), metric(pm, 'INFLUENCED_AMOUNT'), metric(pm, 'DISTINCT_CREDITORS')]).toEqual([2, 1, 100000, 1]);
  });

  it('leaves an offboarded contributor out when the program requires active status, and ranks them when it does not', () => {
    const offboarded = facts({
      deals: [deal('d-1')],
      credits: [credit('d-1', 'pm-1')],
      employees: [{ id: 'pm-1', department: 'Product Management', active: false }],
    });
    expect(of(computeStandings(offboarded, criteria()), 'pm-1')).toMatchObject({ qualifies: false, rank: null, progress: 1 });
    expect(of(computeStandings(offboarded, criteria({ requireActive: false })), 'pm-1')).toMatchObject({ qualifies: true, rank: 1 });
  });

  it('gives zero attainment for a zero quota, no quota, or a quota outside the period', () => {
    const rep = (quotas: ProgramFacts['quotas']) =>
      metric(of(computeStandings(facts({ deals: [deal('d-1')], quotas }), criteria()), 'rep-1'), 'QUOTA_ATTAINMENT');
    expect(rep([{ employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amountCents: 0n }])).toBe(0);
    expect(rep([])).toBe(0);
    expect(rep([{ employeeId: 'rep-1', periodStart: '2025-07-01', periodEnd: '2026-06-30', amountCents: 1n }])).toBe(0);
  });

  it('breaks ties by influenced plus won amount, then by id', () => {
    const standings = computeStandings(
      facts({
        deals: [deal('d-big', { amountCents: 900_000_00n }), deal('d-small', { amountCents: 10_00n })],
        credits: [credit('d-small', 'rep-2'), credit('d-big', 'se-1'), credit('d-small', 'pm-1')],
      }),
      criteria(),
    );
    // All have one credit: se-1 influenced the big deal; pm-1 and rep-2 tie on amount too, so by id.
    expect(['se-1', 'pm-1', 'rep-2'].map((id) => of(standings, id).rank)).toEqual([1, 2, 3]);
  });

  it('scores points as kind points × deal-type multiplier × the largest product multiplier', () => {
    const pm = of(
      computeStandings(
        facts({ deals: [deal('d-1', { dealType: 'EXPANSION', products: ['Analytics', 'Edge'] })], credits: [credit('d-1', 'pm-1', { kind: 'POC_SUPPORT' })] }),
        criteria({
          rankBy: 'POINTS',
          kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }],
          dealTypeMultipliers: [{ type: 'EXPANSION', multiplier: 1.5 }],
          productMultipliers: [{ product: 'Analytics', multiplier: 2 }, { product: 'Edge', multiplier: 1.2 }],
        }),
      ),
      'pm-1',
    );
    expect([metric(pm, 'POINTS'), pm.score]).toEqual([9, 9]);
  });

  it('scores the same points whatever the order of the credits, to a millionth', () => {
    const kinds = ['DEAL_ASSIST', 'POC_SUPPORT', 'ESCALATION', 'ROADMAP_BRIEFING', 'ESCALATION', 'ESCALATION'] as const;
    const credits = kinds.map((kind, n) => credit(`d-${n}`, 'pm-1', { kind }));
    const pointsOf = (order: Credit[]) =>
      metric(
        of(computeStandings(facts({ deals: kinds.map((_, n) => deal(`d-${n}`)), credits: order }), criteria({
          rankBy: 'POINTS',
          kindPoints: [{ kind: 'DEAL_ASSIST', points: 1.3 }, { kind: 'POC_SUPPORT', points: 1.375 }, { kind: 'ESCALATION', points: 1.43 }, { kind: 'ROADMAP_BRIEFING', points: 0.875 }],
        })), 'pm-1'),
        'POINTS',
      );
    // Summed as floats, these come to 7.84 one way and 7.840000000000001 the other.
    expect([pointsOf(credits), pointsOf([...credits].reverse())]).toEqual([7.84, 7.84]);
  });

  it('qualifies only as many as the cap, in rank order; the next one is a near miss within half the cutoff', () => {
    const standings = computeStandings(
      facts({ deals: [deal('d-1'), deal('d-2')], credits: [credit('d-1', 'pm-1'), credit('d-2', 'pm-1'), credit('d-1', 'se-1')] }),
      criteria({ maxWinners: 1 }),
    );
    expect(standings.filter((standing) => standing.qualifies).map((standing) => standing.employeeId)).toEqual(['pm-1']);
    expect(nearMisses(standings, 0.1)).toEqual([]);
    expect(nearMisses(standings, 0.5).map((standing) => standing.employeeId)).toEqual(['se-1']);
  });

  it('measures progress as the least of the thresholds, and near misses against it', () => {
    const standings = computeStandings(
      facts({ deals: [deal('d-1'), deal('d-2')], credits: [credit('d-1', 'pm-1'), credit('d-2', 'pm-1'), credit('d-1', 'se-1')] }),
      criteria({ thresholds: [{ metric: 'CREDITS', atLeast: 2, kind: null }, { metric: 'INFLUENCED_AMOUNT', atLeast: 100000, kind: null }] }),
    );
    expect(of(standings, 'se-1')).toMatchObject({ qualifies: false, progress: 0.5 });
    expect(of(standings, 'se-1').thresholds.map((result) => [result.actual, result.met, result.progress])).toEqual([[1, false, 0.5], [100000, true, 1]]);
    expect(nearMisses(standings, 0.5).map((standing) => standing.employeeId)).toEqual(['se-1']);
    expect(nearMisses(standings, 0.4)).toEqual([]);
  });

  it('counts a threshold on one kind of credit only', () => {
    const standings = computeStandings(
      facts({ deals: [deal('d-1')], credits: [credit('d-1', 'pm-1', { kind: 'ROADMAP_BRIEFING' }), credit('d-1', 'se-1')] }),
      criteria({ thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: 'ROADMAP_BRIEFING' }] }),
    );
    expect([of(standings, 'pm-1').qualifies, of(standings, 'se-1').qualifies]).toEqual([true, false]);
    expect(metric(of(standings, 'pm-1'), 'CREDITS', 'ROADMAP_BRIEFING')).toBe(1);
  });

  it('excludes deals opened and closed the same day, and late credits, when the program excludes flagged deals', () => {
    const flaggedFacts = facts({
      deals: [deal('same-day', { openedOn: '2026-03-31' }), deal('d-1')],
      credits: [credit('same-day', 'pm-1'), credit('d-1', 'pm-1', { creditedAt: '2026-07-15T00:00:00.000Z' }), credit('d-1', 'se-1')],
    });
    expect(metric(of(computeStandings(flaggedFacts, criteria()), 'pm-1'), 'CREDITS')).toBe(2);
    expect(metric(of(computeStandings(flaggedFacts, criteria({ excludeFlaggedDeals: true })), 'pm-1'), 'CREDITS')).toBe(0);
    expect(metric(of(computeStandings(flaggedFacts, criteria({ excludeFlaggedDeals: true })), 'se-1'), 'CREDITS')).toBe(1);
  });

  it('stands only the audience, and says which criteria version it used', () => {
    const standings = computeStandings(facts({ audienceDepartments: ['Product Management', 'Sales Engineering'] }), criteria({ version: 3 }));
    expect(standings.map((standing) => [standing.employeeId, standing.criteriaVersion])).toEqual([['pm-1', 3], ['se-1', 3]]);
  });
});

describe('judging proposed criteria on the metrics kept under the criteria in force', () => {
  const inForce = criteria({ thresholds: [{ metric: 'CREDITS', atLeast: 2, kind: 'POC_SUPPORT' }], kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }] });

  it('does when only thresholds, the cap, the rank metric or active status change', () => {
    const proposed = criteria({
      ...inForce, thresholds: [{ metric: 'POINTS', atLeast: 9, kind: null }, { metric: 'CREDITS', atLeast: 1, kind: 'POC_SUPPORT' }],
      rankBy: 'INFLUENCED_AMOUNT', maxWinners: 3, requireActive: false,
    });
    expect([countsAsKept(inForce, proposed), weighsAsKept(inForce, proposed)]).toEqual([true, true]);
  });

  it('counts alike but weighs anew when only kind points or multipliers change', () => {
    for (const weights of [
      { kindPoints: [{ kind: 'POC_SUPPORT' as const, points: 4 }] },
      { dealTypeMultipliers: [{ type: 'RENEWAL' as const, multiplier: 0.5 }] },
      { productMultipliers: [{ product: 'Security', multiplier: 2 }] },
    ]) {
      const proposed = criteria({ ...inForce, ...weights });
      expect([countsAsKept(inForce, proposed), weighsAsKept(inForce, proposed)]).toEqual([true, false]);
    }
  });

  it('does not when flagged deals count differently, or a threshold counts a kind not kept', () => {
    expect(countsAsKept(inForce, criteria({ ...inForce, excludeFlaggedDeals: true }))).toBe(false);
    expect(countsAsKept(inForce, criteria({ ...inForce, thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: 'ESCALATION' }] }))).toBe(false);
  });
});
