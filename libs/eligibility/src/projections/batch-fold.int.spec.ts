import { randomUUID } from 'node:crypto';
import { sqlEngines } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import { migrateReadModels } from '../read-model';
import { dealsProjection, directoryProjection, quotasProjection } from '.';

const TABLES = {
  employees: 'SELECT * FROM employees ORDER BY id',
  deals: 'SELECT * FROM deals ORDER BY id',
  credits: 'SELECT * FROM credits ORDER BY id',
  quotas: 'SELECT * FROM quotas ORDER BY employee_id, period_start',
};
const PROJECTIONS = [directoryProjection, quotasProjection, dealsProjection];

let position = 0n;
function event(type: string, data: Record<string, unknown>, occurredAt = '2026-03-01T10:00:00.000Z'): DecodedEvent {
  position += 1n;
  return {
    id: randomUUID(), stream: 'any', revision: 0n, position, type, data, recordedAt: new Date(),
    metadata: { actor: 'hr-1', correlationId: 'c', causationId: 'c', occurredAt },
  } as DecodedEvent;
}

/** Events that change the same rows several times, the way one large batch of a replay does. */
function history(): DecodedEvent[][] {
  const opened = (dealId: string) => event('DealOpened', { dealId, name: `Deal ${dealId}`, account: 'Acme', ownerId: 'rep-1', dealType: 'NEW_BUSINESS', amount: '1000.00', products: ['Analytics'], openedOn: '2026-01-10' });
  const credited = (creditId: string, dealId: string, contributorId: string) =>
    event('ContributionCredited', { creditId, dealId, contributorId, creditedBy: 'rep-1', kind: 'POC_SUPPORT', note: 'Ran the POC' });
  const registered = (employeeId: string) =>
    event('EmployeeRegistered', { employeeId, name: `Person ${employeeId}`, email: `${employeeId}@example.com`, department: 'Sales', title: 'AE', managerId: null });
  return [
    [registered('rep-1'), registered('pm-1'), registered('pm-2'), opened('d-2'), event('DealClosedWon', { dealId: 'd-2', amount: '1500.00', closedOn: '2026-02-01' })],
    [
      event('EmployeeChanged', { employeeId: 'pm-1', name: 'Pat Renamed', title: null }),
      event('EmployeeChanged', { employeeId: 'pm-1', department: 'Product Management' }),
      event('EmployeeOffboarded', { employeeId: 'pm-2' }),
      registered('se-1'),
      event('EmployeeChanged', { employeeId: 'se-1', managerId: 'rep-1' }),
      event('QuotaSet', { employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: '500000.00' }),
      event('QuotaSet', { employeeId: 'rep-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: '650000.00' }),
      opened('d-1'),
      event('DealClosedWon', { dealId: 'd-1', amount: '1200.00', closedOn: '2026-03-01' }),
      credited('c-1', 'd-1', 'pm-1'),
      credited('c-2', 'd-1', 'se-1'),
      event('CreditRetracted', { dealId: 'd-1', creditId: 'c-2', reason: 'By mistake' }, '2026-03-02T09:00:00.000Z'),
      event('DealReopened', { dealId: 'd-1', reason: 'Contract not signed' }),
      event('DealClosedLost', { dealId: 'd-1', closedOn: '2026-04-01' }),
      credited('c-3', 'd-2', 'pm-1'),
      event('DealReopened', { dealId: 'd-2', reason: 'Amended' }),
      event('DealClosedWon', { dealId: 'd-2', amount: '1800.00', closedOn: '2026-04-15' }),
    ],
    [event('CreditRetracted', { dealId: 'd-2', creditId: 'c-3', reason: 'Duplicate' }), event('DealReopened', { dealId: 'd-2', reason: 'Again' })],
  ];
}

describe.each(sqlEngines('batched read models'))('read models applied in batches on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;

  beforeAll(async () => {
    sql = await open();
    await migrateReadModels(sql);
    process.stdout.write(`batched read models: running against ${name}\n`);
  });
  afterAll(() => sql.close());

  async function project(batches: DecodedEvent[][]): Promise<Record<string, unknown[]>> {
    await sql.query(`TRUNCATE ${Object.keys(TABLES).join(', ')}`);
    for (const batch of batches) {
      await sql.transaction(async (tx) => {
        for (const projection of PROJECTIONS) {
          const handled = batch.filter((candidate) => projection.handles.includes(candidate.type));
          if (handled.length > 0) await projection.apply(handled, tx);
        }
      });
    }
    const tables: Record<string, unknown[]> = {};
    for (const [table, query] of Object.entries(TABLES)) tables[table] = await sql.query(query);
    return tables;
  }

  it('gives the same rows for a batch as for its events one at a time', async () => {
    const batches = history();
    const oneByOne = await project(batches.flat().map((single) => [single]));
    const batched = await project(batches);
    expect(batched).toEqual(oneByOne);
    // What the history says, so that both could not be wrong the same way.
    expect(batched.employees).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'pm-1', name: 'Pat Renamed', title: null, department: 'Product Management', active: true }),
      expect.objectContaining({ id: 'pm-2', active: false }),
      expect.objectContaining({ id: 'se-1', manager_id: 'rep-1', title: 'AE' }),
    ]));
    expect(batched.deals).toEqual([
      expect.objectContaining({ id: 'd-1', status: 'CLOSED_LOST', amount: '1200.00' }),
      expect.objectContaining({ id: 'd-2', status: 'OPEN', closed_on: null, amount: '1800.00' }),
    ]);
    expect(batched.credits).toEqual([
      expect.objectContaining({ id: 'c-1', status: 'ACTIVE' }),
      expect.objectContaining({ id: 'c-2', status: 'RETRACTED', retracted_reason: 'By mistake' }),
      expect.objectContaining({ id: 'c-3', status: 'RETRACTED', retracted_reason: 'Duplicate' }),
    ]);
    expect(batched.quotas).toEqual([expect.objectContaining({ employee_id: 'rep-1', amount: '650000.00' })]);
  });
});
