import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import type { ProgramFacts } from '../criteria/facts';

export interface ProgramInForce {
  id: string;
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  criteria: Criteria;
}

export type PeopleFacts = Pick<ProgramFacts, 'employees' | 'deals' | 'credits' | 'quotas'>;

/** Every program with the criteria version now in force. */
export async function programsInForce(tx: SqlExecutor): Promise<ProgramInForce[]> {
  const rows = await tx.query<{
    id: string; period_start: string; period_end: string; audience_departments: string[];
    version: number; reason: string | null; rules: CriteriaRules; revised_at: Date;
  }>(
    `SELECT p.id, p.period_start::text AS period_start, p.period_end::text AS period_end, p.audience_departments,
            c.version, c.reason, c.rules, c.revised_at
       FROM award_programs p JOIN program_criteria c ON c.program_id = p.id AND c.version = p.criteria_version
      ORDER BY p.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    audienceDepartments: row.audience_departments,
    criteria: { ...row.rules, version: row.version, reason: row.reason, revisedAt: new Date(row.revised_at).toISOString() },
  }));
}

/**
 * What the engine needs about some employees (or everyone, for `null`): who they are, the credits they
 * received and the deals behind them, the deals they own, their quotas. The read model holds the latest
 * state; it equals a fold of the feed as long as no fact is dated after now (see the business horizon).
 */
export async function peopleFacts(tx: SqlExecutor, employeeIds: readonly string[] | null): Promise<PeopleFacts> {
  const ids = employeeIds === null ? null : [...employeeIds];
  // Two forms of each query rather than `$1 IS NULL OR …`, so that the planner uses the indexes for some people.
  const some = (everyone: string, filtered: string) => (ids === null ? everyone : filtered);
  const [employees, credits, deals, quotas] = [
    await tx.query<{ id: string; department: string; active: boolean }>(
      `SELECT id, department, active FROM employees ${some('', 'WHERE id = ANY($1::text[])')}`,
      ids === null ? [] : [ids],
    ),
    await tx.query<{ id: string; deal_id: string; contributor_id: string; credited_by: string; kind: ProgramFacts['credits'][number]['kind']; active: boolean; credited_at: Date }>(
      `SELECT id, deal_id, contributor_id, credited_by, kind, status = 'ACTIVE' AS active, credited_at
         FROM credits ${some('', 'WHERE contributor_id = ANY($1::text[])')}`,
      ids === null ? [] : [ids],
    ),
    await tx.query<{ id: string; owner_id: string; deal_type: ProgramFacts['deals'][number]['dealType']; amount: string; products: string[]; status: ProgramFacts['deals'][number]['status']; opened_on: string; closed_on: string | null }>(
      `SELECT id, owner_id, deal_type, amount::text AS amount, products, status, opened_on::text AS opened_on, closed_on::text AS closed_on
         FROM deals
        WHERE status = 'CLOSED_WON'
          ${some('', `AND id IN (SELECT id FROM deals WHERE owner_id = ANY($1::text[])
                                 UNION SELECT deal_id FROM credits WHERE contributor_id = ANY($1::text[]))`)}`,
      ids === null ? [] : [ids],
    ),
    await tx.query<{ employee_id: string; period_start: string; period_end: string; amount: string }>(
      `SELECT employee_id, period_start::text AS period_start, period_end::text AS period_end, amount::text AS amount
         FROM quotas ${some('', 'WHERE employee_id = ANY($1::text[])')}`,
      ids === null ? [] : [ids],
    ),
  ];
  return {
    employees,
    credits: credits.map((row) => ({
      id: row.id, dealId: row.deal_id, contributorId: row.contributor_id, creditedBy: row.credited_by, kind: row.kind,
      active: row.active, creditedAt: new Date(row.credited_at).toISOString(),
    })),
    deals: deals.map((row) => ({
      id: row.id, ownerId: row.owner_id, dealType: row.deal_type, amountCents: cents(row.amount), products: row.products,
      status: row.status, openedOn: row.opened_on, closedOn: row.closed_on,
    })),
    quotas: quotas.map((row) => ({ employeeId: row.employee_id, periodStart: row.period_start, periodEnd: row.period_end, amountCents: cents(row.amount) })),
  };
}

/**
 * The current facts of a program's audience (everyone when it names no department), a chunk of people at a
 * time, so that a whole program is judged without holding every credit of the year in memory at once.
 */
export async function* audienceFacts(sql: SqlExecutor, audienceDepartments: readonly string[], chunk = 1_000): AsyncIterable<PeopleFacts> {
  const ids = (
    await sql.query<{ id: string }>(
      `SELECT id FROM employees WHERE cardinality($1::text[]) = 0 OR department = ANY($1::text[]) ORDER BY id`,
      [[...audienceDepartments]],
    )
  ).map((row) => row.id);
  for (let start = 0; start < ids.length; start += chunk) yield await peopleFacts(sql, ids.slice(start, start + chunk));
}

/** numeric(17, 2) as text, "1500000.00" → 150000000n, exactly. */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
