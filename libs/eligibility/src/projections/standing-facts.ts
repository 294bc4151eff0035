import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import type { CreditFact, DealFact, ProgramFacts } from '../criteria/facts';

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

type DealTuple = [id: string, ownerId: string, dealType: DealFact['dealType'], amount: string, products: string[], status: DealFact['status'], openedOn: string, closedOn: string | null];

interface FactsDocument {
  employees: [id: string, department: string, active: boolean][];
  credits: [id: string, dealId: string, contributorId: string, creditedBy: string, kind: CreditFact['kind'], active: boolean, creditedAt: string][];
  deals: DealTuple[];
  quotas: [employeeId: string, periodStart: string, periodEnd: string, amount: string][];
}

const DEAL_TUPLE = `json_build_array(d.id, d.owner_id, d.deal_type, d.amount::text, d.products, d.status, d.opened_on, d.closed_on)`;

/**
 * What the engine needs about some employees: who they are, the credits they received, their quotas, and the won
 * deals behind those credits and those they own. The read model holds the latest state; it equals a fold of the feed
 * as long as no fact is dated after now (see the business horizon).
 *
 * One statement answering one JSON document: PGlite hands a result to JavaScript row by row at a cost that dwarfs
 * the query, so the facts of a batch cost one row, not hundreds.
 */
export async function peopleFacts(tx: SqlExecutor, employeeIds: readonly string[]): Promise<PeopleFacts> {
  const [{ facts }] = await tx.query<{ facts: string }>(
    `SELECT json_build_object(
       'employees', coalesce((SELECT json_agg(json_build_array(id, department, active)) FROM employees WHERE id = ANY($1::text[])), '[]'),
       'credits', coalesce((SELECT json_agg(json_build_array(id, deal_id, contributor_id, credited_by, kind, status = 'ACTIVE', credited_at))
                              FROM credits WHERE contributor_id = ANY($1::text[])), '[]'),
       'deals', coalesce((
                  SELECT json_agg(${DEAL_TUPLE})
                    FROM (SELECT deal_id AS id FROM credits WHERE contributor_id = ANY($1::text[])
                          UNION SELECT id FROM deals WHERE owner_id = ANY($1::text[])) related
                    -- One index probe per related deal (LIMIT keeps the planner from a scan of every deal).
                    CROSS JOIN LATERAL (SELECT * FROM deals WHERE deals.id = related.id AND status = 'CLOSED_WON' LIMIT 1) d), '[]'),
       'quotas', coalesce((SELECT json_agg(json_build_array(employee_id, period_start, period_end, amount::text))
                             FROM quotas WHERE employee_id = ANY($1::text[])), '[]')
     )::text AS facts`,
    [[...employeeIds]],
  );
  const document = JSON.parse(facts) as FactsDocument;
  return {
    employees: document.employees.map(([id, department, active]) => ({ id, department, active })),
    credits: document.credits.map(([id, dealId, contributorId, creditedBy, kind, active, creditedAt]) => ({
      // As PostgreSQL writes a timestamptz in JSON: the engine only ever parses it.
      id, dealId, contributorId, creditedBy, kind, active, creditedAt,
    })),
    deals: document.deals.map(toDeal),
    quotas: document.quotas.map(([employeeId, periodStart, periodEnd, amount]) => ({ employeeId, periodStart, periodEnd, amountCents: cents(amount) })),
  };
}

function toDeal([id, ownerId, dealType, amount, products, status, openedOn, closedOn]: DealTuple): DealFact {
  return { id, ownerId, dealType, amountCents: cents(amount), products, status, openedOn, closedOn };
}

/** numeric(17, 2) as text, "1500000.00" → 150000000n (and "0" → 0n), exactly. */
export const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
