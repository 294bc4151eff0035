import type { CriteriaRules } from '@club-ledger/domain';

const rules = (overrides: Partial<CriteriaRules> & Pick<CriteriaRules, 'thresholds' | 'rankBy'>): CriteriaRules => ({
  maxWinners: null, kindPoints: [], dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true, ...overrides,
});

/** The two programs of the demo: Sales Club on quota, and the award for those who helped win. */
export function demoPrograms(year: number) {
  const period = { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` };
  return [
    {
      programId: `presidents-club-${year}`, name: `President's Club ${year}`, description: 'Sellers who beat their quota.', ...period,
      audienceDepartments: ['Sales'],
      criteria: rules({ thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1, kind: null }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 25 }),
    },
    {
      programId: `cross-functional-${year}`, name: `Cross-functional award ${year}`,
      description: 'The product managers, marketers and sales engineers who helped win the year.', ...period,
      audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
      criteria: rules({
        thresholds: [
          { metric: 'CREDITED_DEALS', atLeast: 5, kind: null },
          { metric: 'INFLUENCED_AMOUNT', atLeast: 750_000, kind: null },
          { metric: 'DISTINCT_CREDITORS', atLeast: 3, kind: null },
        ],
        rankBy: 'POINTS', maxWinners: 15,
        kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }, { kind: 'ROADMAP_BRIEFING', points: 2 }, { kind: 'ESCALATION', points: 2 }],
        dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }],
        productMultipliers: [{ product: 'Security', multiplier: 1.25 }],
      }),
    },
  ];
}
