import type { Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideQuota, type SetQuotaDecision } from './quota.decide';
import { QuotaSet } from './quota.events';
import { evolveQuotas, noQuotas } from './quota.evolve';

const given = specOf({ decide: decideQuota, evolve: evolveQuotas, initial: noQuotas });
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const setQuota = (overrides: Partial<SetQuotaDecision> = {}): SetQuotaDecision => ({
  type: 'SetQuota', actor: hr, employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31',
  amount: '1000000', employeeRegistered: true, ...overrides,
});
const set2026 = QuotaSet({ employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: '1000000.00' });

describe('quotas', () => {
  it('sets a quota for a period', () => {
    given().when(setQuota()).then(set2026);
  });

  it('lets HR, ADMIN and INTEGRATION set quotas, and nobody else', () => {
    given().when(setQuota({ actor: { id: 'crm', roles: ['INTEGRATION'] } })).then(set2026);
    given().when(setQuota({ actor: { id: 'rep-1', roles: [] } })).thenRejects('FORBIDDEN');
    given().when(setQuota({ actor: { id: 'ceo', roles: ['EXECUTIVE'] } })).thenRejects('FORBIDDEN');
  });

  it('replaces the amount of a period set again, and records nothing when it is unchanged', () => {
    given(set2026).when(setQuota({ amount: '1200000' })).then(QuotaSet({ ...set2026.data, amount: '1200000.00' }));
    given(set2026).when(setQuota()).then();
  });

  it('refuses a period that ends before it starts, a bad amount, and an unknown employee', () => {
    given().when(setQuota({ periodEnd: '2025-12-31' })).thenRejects('BAD_USER_INPUT', 'periodEnd');
    given().when(setQuota({ amount: '-1' })).thenRejects('BAD_USER_INPUT', 'amount');
    given().when(setQuota({ employeeRegistered: false })).thenRejects('NOT_FOUND', 'employeeId');
  });
});
