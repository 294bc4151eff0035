import type { Criteria } from '@club-ledger/domain';
import { nearMisses } from './cutoff';
import type { ProgramFacts } from './facts';
import { computeStandings, type Standing } from './standings';

/** Given: people and how many credits each received (one deal each, the deal's amount given); ranked by credits. */
type Person = { credits: number; amount?: bigint; active?: boolean };
function given(people: Record<string, Person>): ProgramFacts {
  const deals: ProgramFacts['deals'][number][] = [];
  const credits: ProgramFacts['credits'][number][] = [];
  for (const [id, person] of Object.entries(people)) {
    for (let n = 0; n < person.credits; n += 1) {
      const dealId = `${id}-d${n}`;
      deals.push({ id: dealId, ownerId: 'rep', dealType: 'NEW_BUSINESS', amountCents: person.amount ?? 100_00n, products: [], status: 'CLOSED_WON', openedOn: '2026-01-02', closedOn: '2026-03-31' });
      credits.push({ id: `${dealId}-c`, dealId, contributorId: id, creditedBy: 'rep', kind: 'DEAL_ASSIST', active: true, creditedAt: '2026-04-01T00:00:00.000Z' });
    }
  }
  return {
    periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Product'],
    employees: [{ id: 'rep', department: 'Sales', active: true }, ...Object.entries(people).map(([id, person]) => ({ id, department: 'Product', active: person.active ?? true }))],
    deals, credits, quotas: [],
  };
}

const criteria = (overrides: Partial<Criteria> = {}): Criteria => ({
  version: 1, reason: null, revisedAt: '2026-01-01T00:00:00.000Z',
  thresholds: [{ metric: 'CREDITS', atLeast: 10, kind: null }], rankBy: 'CREDITS', maxWinners: null,
  kindPoints: [], dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true,
  ...overrides,
});

const byId = (standings: Standing[]) => Object.fromEntries(standings.map((standing) => [standing.employeeId, standing]));
const ids = (standings: Standing[]) => standings.map((standing) => standing.employeeId);

describe('the cutoff', () => {
  it('is none without a cap', () => {
    const standings = computeStandings(given({ a: { credits: 12 }, b: { credits: 11 }, c: { credits: 10 } }), criteria());
    expect(standings.map((standing) => standing.cutoff)).toEqual([null, null, null]);
  });

  it('is none when the cap admits everyone who meets the thresholds', () => {
    const standings = computeStandings(given({ a: { credits: 12 }, b: { credits: 11 }, c: { credits: 4 } }), criteria({ maxWinners: 2 }));
    expect(standings.every((standing) => standing.cutoff === null)).toBe(true);
    expect(byId(standings).b).toMatchObject({ rank: 2, qualifies: true });
  });

  it('is the last winning place when more meet everything but the cap than it admits, and measures everyone against it', () => {
    const standings = byId(computeStandings(given({ a: { credits: 14 }, b: { credits: 12 }, c: { credits: 11 }, d: { credits: 4 } }), criteria({ maxWinners: 2 })));
    expect(standings.a).toMatchObject({ rank: 1, qualifies: true, cutoff: { rank: 2, value: 12, behind: 0 } });
    expect(standings.b).toMatchObject({ rank: 2, qualifies: true, cutoff: { rank: 2, value: 12, behind: 0 } });
    expect(standings.c).toMatchObject({ rank: 3, qualifies: false, progress: 1, cutoff: { rank: 2, value: 12, behind: 1 } });
    // Whether or not they meet the thresholds.
    expect(standings.d).toMatchObject({ rank: null, qualifies: false, cutoff: { rank: 2, value: 12, behind: 8 } });
  });

  it('breaks a tie at the cutoff as the rank does: the one left out is behind by nothing and does not qualify', () => {
    // Equal credits; b's deals are larger, so b wins the tie-break; c and d tie on that too, and c wins by id.
    const standings = byId(
      computeStandings(given({ a: { credits: 13 }, b: { credits: 12, amount: 500_00n }, c: { credits: 12 }, d: { credits: 12 } }), criteria({ maxWinners: 2 })),
    );
    expect([standings.b.rank, standings.c.rank, standings.d.rank]).toEqual([2, 3, 4]);
    expect(standings.b).toMatchObject({ qualifies: true, cutoff: { value: 12, behind: 0 } });
    expect(standings.c).toMatchObject({ qualifies: false, cutoff: { value: 12, behind: 0 } });
  });
});

describe('near misses', () => {
  it('without a cap, are those with some threshold unmet and progress ≥ 1 − within, the closest first', () => {
    const standings = computeStandings(given({ a: { credits: 10 }, b: { credits: 8 }, c: { credits: 9 }, d: { credits: 7 } }), criteria());
    expect(ids(nearMisses(standings, 0.2))).toEqual(['c', 'b']);
    expect(ids(nearMisses(standings, 0.3))).toEqual(['c', 'b', 'd']);
  });

  it('with a cap, are also those who meet every threshold within `within` of the cutoff, never everyone outside the cap', () => {
    const standings = computeStandings(
      given({ a: { credits: 20 }, b: { credits: 19 }, c: { credits: 18 }, d: { credits: 10 }, e: { credits: 9 } }),
      criteria({ maxWinners: 2 }),
    );
    // The cutoff is 19: c misses by 1/19, d by 9/19 (out of reach at 0.1); e misses a threshold by 1/10.
    expect(ids(nearMisses(standings, 0.1))).toEqual(['c', 'e']);
    expect(ids(nearMisses(standings, 0.5))).toEqual(['c', 'e', 'd']);
  });

  it('puts a tie at the cutoff first: it misses by nothing', () => {
    const standings = computeStandings(given({ a: { credits: 12 }, b: { credits: 12 }, c: { credits: 9 } }), criteria({ maxWinners: 1 }));
    expect(ids(nearMisses(standings, 0.1))).toEqual(['b', 'c']);
  });

  it('leaves out someone offboarded when the criteria require active status, and counts them when they do not', () => {
    const people = { a: { credits: 12 }, b: { credits: 9, active: false } };
    expect(ids(nearMisses(computeStandings(given(people), criteria()), 0.1))).toEqual([]);
    expect(ids(nearMisses(computeStandings(given(people), criteria({ requireActive: false })), 0.1))).toEqual(['b']);
  });
});

describe("a seller's evidence", () => {
  const facts: ProgramFacts = {
    ...given({ pm: { credits: 1 } }),
    employees: [{ id: 'rep', department: 'Sales', active: true }, { id: 'pm', department: 'Sales', active: true }],
    audienceDepartments: [],
    quotas: [
      { employeeId: 'rep', periodStart: '2026-01-01', periodEnd: '2026-06-30', amountCents: 50_00n },
      { employeeId: 'rep', periodStart: '2026-07-01', periodEnd: '2026-12-31', amountCents: 50_00n },
    ],
  };

  it('lists the won deals they own and the quota when the criteria measure attainment', () => {
    const rep = byId(computeStandings(facts, criteria({ thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1, kind: null }], rankBy: 'QUOTA_ATTAINMENT' }))).rep;
    expect(rep.own).toEqual({ wonDeals: ['pm-d0'], quotaCents: 100_00n });
    expect(rep).toMatchObject({ qualifies: true, score: 1 });
  });

  it('lists the won deals without a quota when the criteria count the won amount only', () => {
    expect(byId(computeStandings(facts, criteria({ thresholds: [{ metric: 'WON_AMOUNT', atLeast: 1, kind: null }] }))).rep.own).toEqual({ wonDeals: ['pm-d0'], quotaCents: null });
  });

  it('lists nothing of their own when the criteria count only credits', () => {
    expect(byId(computeStandings(facts, criteria())).rep.own).toEqual({ wonDeals: [], quotaCents: null });
  });
});
