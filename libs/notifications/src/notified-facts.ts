import type { SqlExecutor } from '@club-ledger/kernel';

/** Names by id as the notifications know them; an id they do not know (a service, someone not registered) names itself. */
type Names = (id: string) => string;

/** People's names, read together. */
export const peopleNames = (tx: SqlExecutor, ids: readonly string[]): Promise<Names> =>
  namesIn(tx, `SELECT employee_id AS id, name FROM notification_people WHERE employee_id = ANY ($1::text[])`, ids);

/** Deals' names, read together. */
export const dealNames = (tx: SqlExecutor, ids: readonly string[]): Promise<Names> =>
  namesIn(tx, `SELECT deal_id AS id, name FROM notification_deals WHERE deal_id = ANY ($1::text[])`, ids);

export const personName = async (tx: SqlExecutor, employeeId: string): Promise<string> => (await peopleNames(tx, [employeeId]))(employeeId);

export const dealName = async (tx: SqlExecutor, dealId: string): Promise<string> => (await dealNames(tx, [dealId]))(dealId);

async function namesIn(tx: SqlExecutor, statement: string, ids: readonly string[]): Promise<Names> {
  const names = new Map((await tx.query<{ id: string; name: string }>(statement, [[...new Set(ids)]])).map((row) => [row.id, row.name]));
  return (id) => names.get(id) ?? id;
}
