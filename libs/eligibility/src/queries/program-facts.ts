import type { SqlExecutor } from '@club-ledger/kernel';
import type { ProgramFacts } from '../criteria';

interface ProgramRow {
  period_start: string;
  period_end: string;
  audience_departments: string[];
}

/**
 * The facts of one program as the read models hold them now: the audience's employees, deals won in the
 * period, the credits on them, and quotas inside the period. The engine decides what counts.
 */
export async function readProgramFacts(sql: SqlExecutor, programId: string): Promise<ProgramFacts | undefined> {
  const [program] = await sql.query<ProgramRow>(
    `SELECT period_start::text AS period_start, period_end::text AS period_end, audience_departments FROM award_programs WHERE id = $1`,
    [programId],
  );
  if (!program) return undefined;
  const period = [program.period_start, program.period_end];
  const employees = await sql.query<{ id: string; department: string; active: boolean }>(`SELECT id, department, active FROM employees`);
  const deals = await sql.query<{ id: string; owner_id: string; deal_type: string; amount: string; products: string[]; status: string; opened_on: string; closed_on: string | null }>(
    `SELECT id, owner_id, deal_type, amount::text AS amount, products, status, opened_on::text AS opened_on, closed_on::text AS closed_on
       FROM deals WHERE status = 'CLOSED_WON' AND closed_on BETWEEN $1::date AND $2::date`,
    period,
  );
  const credits = await sql.query<{ id: string; deal_id: string; contributor_id: string; credited_by: string; kind: string; status: string; credited_at: Date }>(
    `SELECT c.id, c.deal_id, c.contributor_id, c.credited_by, c.kind, c.status, c.credited_at
       FROM credits c JOIN deals d ON d.id = c.deal_id
      WHERE d.status = 'CLOSED_WON' AND d.closed_on BETWEEN $1::date AND $2::date`,
    period,
  );
  const quotas = await sql.query<{ employee_id: string; period_start: string; period_end: string; amount: string }>(
    `SELECT employee_id, period_start::text AS period_start, period_end::text AS period_end, amount::text AS amount
       FROM quotas WHERE period_start >= $1::date AND period_end <= $2::date`,
    period,
  );
  return {
    periodStart: program.period_start,
    periodEnd: program.period_end,
    audienceDepartments: program.audience_departments,
    employees,
    deals: deals.map((deal) => ({
      id: deal.id,
      ownerId: deal.owner_id,
      dealType: deal.deal_type as ProgramFacts['deals'][number]['dealType'],
      amountCents: cents(deal.amount),
      products: deal.products,
      status: deal.status as ProgramFacts['deals'][number]['status'],
      openedOn: deal.opened_on,
      closedOn: deal.closed_on,
    })),
    credits: credits.map((credit) => ({
      id: credit.id,
      dealId: credit.deal_id,
      contributorId: credit.contributor_id,
      creditedBy: credit.credited_by,
      kind: credit.kind as ProgramFacts['credits'][number]['kind'],
      active: credit.status === 'ACTIVE',
      creditedAt: credit.credited_at.toISOString(),
    })),
    quotas: quotas.map((quota) => ({
      employeeId: quota.employee_id,
      periodStart: quota.period_start,
      periodEnd: quota.period_end,
      amountCents: cents(quota.amount),
    })),
  };
}

/** numeric(17,2) read as text: "1500000.00" → 150000000n, exactly. */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
