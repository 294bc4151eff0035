import type { Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideProgram, type AwardProgramCommand } from './award-program.decide';
import { AwardProgramDrafted, AwardProgramFinalized, AwardProgramOpened, CriteriaRevised } from './award-program.events';
import { evolveProgram, noProgram } from './award-program.evolve';
import type { CriteriaRules } from './criteria';

const given = specOf({ decide: decideProgram, evolve: evolveProgram, initial: noProgram });
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const criteria: CriteriaRules = {
  thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 1, kind: null }],
  rankBy: 'QUOTA_ATTAINMENT',
  maxWinners: 10,
  kindPoints: [],
  dealTypeMultipliers: [],
  productMultipliers: [],
  excludeFlaggedDeals: false,
  requireActive: true,
};
const draft = (overrides: Partial<Extract<AwardProgramCommand, { type: 'DraftAwardProgram' }>> = {}): AwardProgramCommand => ({
  type: 'DraftAwardProgram', actor: hr, programId: 'pc-2026', name: "President's Club", description: null,
  periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Sales'], criteria, ...overrides,
});
const drafted = AwardProgramDrafted({
  programId: 'pc-2026', name: "President's Club", description: null, periodStart: '2026-01-01', periodEnd: '2026-12-31',
  audienceDepartments: ['Sales'], criteria,
});
const opened = AwardProgramOpened({ programId: 'pc-2026' });
const revise = (overrides: Partial<CriteriaRules> = {}, reason = 'raise the bar'): AwardProgramCommand => ({
  type: 'ReviseCriteria', actor: hr, programId: 'pc-2026', criteria: { ...criteria, ...overrides }, reason,
});
const finalize: AwardProgramCommand = { type: 'FinalizeAwardProgram', actor: hr, programId: 'pc-2026', winners: [{ employeeId: 'rep-1', rank: 1, score: 1.2 }] };
const finalized = AwardProgramFinalized({ programId: 'pc-2026', criteriaVersion: 1, winners: [{ employeeId: 'rep-1', rank: 1, score: 1.2 }] });

describe('award programs', () => {
  it('drafts a program with its first criteria', () => {
    given().when(draft()).then(drafted);
  });

  it('lets only HR and ADMIN manage programs', () => {
    given().when(draft({ actor: { id: 'ceo', roles: ['EXECUTIVE'] } })).thenRejects('FORBIDDEN');
    given().when(draft({ actor: { id: 'crm', roles: ['INTEGRATION'] } })).thenRejects('FORBIDDEN');
    given(drafted).when({ type: 'OpenAwardProgram', actor: { id: 'rep-1', roles: [] }, programId: 'pc-2026' }).thenRejects('FORBIDDEN');
  });

  it('refuses a period that ends before it starts', () => {
    given().when(draft({ periodEnd: '2025-12-31' })).thenRejects('BAD_USER_INPUT', 'periodEnd');
  });

  it.each([
    ['no threshold', { thresholds: [] }, 'criteria.thresholds'],
    ['a negative threshold', { thresholds: [{ metric: 'CREDITS' as const, atLeast: -1, kind: null }] }, 'criteria.thresholds.0.atLeast'],
    ['a kind on a metric other than CREDITS', { thresholds: [{ metric: 'POINTS' as const, atLeast: 1, kind: 'POC_SUPPORT' as const }] }, 'criteria.thresholds.0.kind'],
    ['negative points', { kindPoints: [{ kind: 'POC_SUPPORT' as const, points: -2 }] }, 'criteria.kindPoints.0.points'],
    ['a negative multiplier', { dealTypeMultipliers: [{ type: 'RENEWAL' as const, multiplier: -1 }] }, 'criteria.dealTypeMultipliers.0.multiplier'],
    ['a cap of zero winners', { maxWinners: 0 }, 'criteria.maxWinners'],
    [
      'a negative second threshold',
      { thresholds: [{ metric: 'CREDITS' as const, atLeast: 1, kind: null }, { metric: 'POINTS' as const, atLeast: -3, kind: null }] },
      'criteria.thresholds.1.atLeast',
    ],
    ['a product multiplier without a product', { productMultipliers: [{ product: ' ', multiplier: 2 }] }, 'criteria.productMultipliers.0'],
  ])('refuses criteria with %s', (_, overrides, field) => {
    given().when(draft({ criteria: { ...criteria, ...overrides } })).thenRejects('BAD_USER_INPUT', field);
    given(drafted).when(revise(overrides)).thenRejects('BAD_USER_INPUT', field);
  });

  it('revises criteria as a new version with a reason', () => {
    const raised = { ...criteria, thresholds: [{ metric: 'QUOTA_ATTAINMENT' as const, atLeast: 1.1, kind: null }] };
    given(drafted, opened).when(revise(raised)).then(CriteriaRevised({ programId: 'pc-2026', version: 2, reason: 'raise the bar', criteria: raised }));
    given(drafted).when(revise({}, '  ')).thenRejects('BAD_USER_INPUT', 'reason');
  });

  it('opens a draft once', () => {
    given(drafted).when({ type: 'OpenAwardProgram', actor: hr, programId: 'pc-2026' }).then(opened);
    given(drafted, opened).when({ type: 'OpenAwardProgram', actor: hr, programId: 'pc-2026' }).thenRejects('INVALID_STATE');
  });

  it('finalizes an open program once, recording the ranked winners and the criteria version used', () => {
    given(drafted, opened).when(finalize).then(finalized);
    given(drafted).when(finalize).thenRejects('INVALID_STATE');
    given(drafted, opened, finalized).when(finalize).thenRejects('INVALID_STATE');
  });

  it('refuses a revision after finalizing', () => {
    given(drafted, opened, finalized).when(revise()).thenRejects('INVALID_STATE');
  });

  it('refuses commands on a program that does not exist', () => {
    given().when(revise()).thenRejects('NOT_FOUND', 'programId');
  });
});
