import { randomUUID } from 'node:crypto';
import { sqlEngines } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import {
  dealStream,
  decideDeal,
  decideEmployee,
  decideQuota,
  employeeStream,
  evolveDeal,
  evolveEmployee,
  evolveQuotas,
  noDeal,
  noEmployee,
  noQuotas,
  quotaStream,
  type Actor,
} from '@club-ledger/domain';
import { ledgerUnderTest, type LedgerUnderTest } from '../testing/ledger-under-test';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const rep: Actor = { id: 'rep-1', roles: [] };
const facts = { emailTaken: false, managerExists: true };
const people = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };
const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
const quotas = { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas };

describe.each(sqlEngines('crediting read models'))('crediting read models on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let ledger: LedgerUnderTest;
  let sql: SqlClient;

  beforeAll(async () => {
    ledger = await ledgerUnderTest(await open());
    sql = ledger.sql;
    process.stdout.write(`crediting read models: running against ${name}\n`);
  });
  afterAll(async () => ledger.close());

  it('folds people, deals, credits and quotas into the tables the API reads', async () => {
    const { runner } = ledger;
    const context = (actor: Actor) => ({ actor, correlationId: randomUUID() });
    const register = (id: string, department: string) =>
      runner.run(employeeStream(id), people, {
        type: 'RegisterEmployee', actor: hr, id, facts,
        details: { name: `Person ${id}`, email: `${id}@example.com`, department },
      }, context(hr));
    await register('rep-1', 'Sales');
    await register('pm-1', 'Product Management');
    await register('se-1', 'Sales Engineering');
    await runner.run(employeeStream('pm-1'), people, { type: 'ChangeEmployee', actor: hr, id: 'pm-1', changes: { title: 'Group PM' }, facts }, context(hr));
    await runner.run(employeeStream('se-1'), people, { type: 'OffboardEmployee', actor: hr, id: 'se-1', reason: 'moved on' }, context(hr));
    await runner.run(dealStream('d-1'), deals, {
      type: 'OpenDeal', actor: rep, dealId: 'd-1', name: 'Acme', account: 'Acme Corp', ownerId: 'rep-1', dealType: 'EXPANSION',
      amount: '250000', products: ['Analytics'], openedOn: '2026-01-05', owner: { registered: true, active: true },
    }, context(rep));
    await runner.run(dealStream('d-1'), deals, { type: 'CloseDeal', actor: rep, dealId: 'd-1', outcome: 'WON', closedOn: '2026-02-20' }, context(rep));
    const credit = (creditId: string, kind: 'ROADMAP_BRIEFING' | 'POC_SUPPORT') =>
      runner.run(dealStream('d-1'), deals, {
        type: 'CreditContribution', actor: rep, dealId: 'd-1', creditId, contributorId: 'pm-1', kind,
        note: 'Briefed the CTO', contributor: { registered: true, active: true },
      }, { ...context(rep), occurredAt: '2026-02-21T10:00:00.000Z' });
    await credit('c-1', 'ROADMAP_BRIEFING');
    await credit('c-2', 'POC_SUPPORT');
    await runner.run(dealStream('d-1'), deals, { type: 'RetractCredit', actor: rep, dealId: 'd-1', creditId: 'c-2', reason: 'duplicate' }, context(rep));
    const last = await runner.run(quotaStream('rep-1'), quotas, {
      type: 'SetQuota', actor: hr, employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: '1000000',
      employeeRegistered: true,
    }, context(hr));

    expect(await ledger.projector.waitUntilPassed(last.position as bigint, 30_000)).toBe(true);
    expect(await sql.query(`SELECT id, title, active FROM employees ORDER BY id`)).toEqual([
      { id: 'pm-1', title: 'Group PM', active: true },
      { id: 'rep-1', title: null, active: true },
      { id: 'se-1', title: null, active: false },
    ]);
    expect(await sql.query(`SELECT id, status, amount::text AS amount, closed_on::text AS closed_on FROM deals`)).toEqual([
      { id: 'd-1', status: 'CLOSED_WON', amount: '250000.00', closed_on: '2026-02-20' },
    ]);
    expect(await sql.query(`SELECT id, kind, status, retracted_reason FROM credits ORDER BY id`)).toEqual([
      { id: 'c-1', kind: 'ROADMAP_BRIEFING', status: 'ACTIVE', retracted_reason: null },
      { id: 'c-2', kind: 'POC_SUPPORT', status: 'RETRACTED', retracted_reason: 'duplicate' },
    ]);
    expect(await sql.query(`SELECT employee_id, amount::text AS amount FROM quotas`)).toEqual([{ employee_id: 'rep-1', amount: '1000000.00' }]);
  });
});
