import type { SqlExecutor } from '@club-ledger/kernel';

/** A person's name as the notifications know it (their id, for a service or someone not registered). */
export async function personName(tx: SqlExecutor, employeeId: string): Promise<string> {
  const [person] = await tx.query<{ name: string }>(`SELECT name FROM notification_people WHERE employee_id = $1`, [employeeId]);
  return person?.name ?? employeeId;
}

export async function dealName(tx: SqlExecutor, dealId: string): Promise<string> {
  const [deal] = await tx.query<{ name: string }>(`SELECT name FROM notification_deals WHERE deal_id = $1`, [dealId]);
  return deal?.name ?? dealId;
}
