import { ContributionCredited, CreditRestored, CreditRetracted, DealClosedWon, DealOpened, EmployeeRegistered } from '@club-ledger/domain';
import { foldFacts, inEffectAt, type Fact } from './fold-facts';

let position = 0;
const at = (occurredAt: string) => <E extends Omit<Fact, 'occurredAt' | 'position' | 'recordedAt'>>(event: E) =>
  ({ ...event, occurredAt, recordedAt: occurredAt, position: String((position += 1)) }) as Fact;
const program = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: [] };
const history: Fact[] = [
  at('2026-01-01T00:00:00.000Z')(EmployeeRegistered({ employeeId: 'pm-1', name: 'Priya', email: 'p@example.com', department: 'PM', title: null, managerId: null })),
  at('2026-01-10T00:00:00.000Z')(DealOpened({ dealId: 'd-1', name: 'Acme', account: 'Acme', ownerId: 'rep-1', dealType: 'RENEWAL', amount: '100.00', products: [], openedOn: '2026-01-10' })),
  at('2026-03-31T00:00:00.000Z')(DealClosedWon({ dealId: 'd-1', amount: '100.00', closedOn: '2026-03-31' })),
  at('2026-04-01T00:00:00.000Z')(ContributionCredited({ dealId: 'd-1', creditId: 'c-1', contributorId: 'pm-1', kind: 'POC_SUPPORT', note: 'POC', creditedBy: 'rep-1' })),
  at('2026-04-02T00:00:00.000Z')(CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'wrong person', retractedBy: 'rep-1' })),
];
const activeOf = async (facts: Fact[]) => (await foldFacts([facts], program, inEffectAt({ asOf: new Date('2026-12-31T23:59:59.999Z'), knownAt: new Date('2026-12-31T23:59:59.999Z') }))).credits.map((credit) => credit.active);

describe('folding credits restored by a dispute', () => {
  it('counts a retracted credit again once a dispute restores it', async () => {
    expect(await activeOf(history)).toEqual([false]);
    expect(await activeOf([...history, at('2026-05-01T00:00:00.000Z')(CreditRestored({ creditId: 'c-1', disputeId: 'x-1' }))])).toEqual([true]);
  });
});
