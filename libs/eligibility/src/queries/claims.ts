import type { SqlExecutor } from '@club-ledger/kernel';

export interface ClaimRecord {
  id: string;
  dealId: string;
  claimantId: string;
  ownerId: string;
  kind: string;
  note: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';
  approverId: string | null;
  escalated: boolean;
  claimedAt: Date;
  escalatedAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  creditId: string | null;
}

const CLAIM_COLUMNS = `id, deal_id AS "dealId", claimant_id AS "claimantId", owner_id AS "ownerId", kind, note, status,
  approver_id AS "approverId", escalated, claimed_at AS "claimedAt", escalated_at AS "escalatedAt", decided_by AS "decidedBy",
  decided_at AS "decidedAt", reason, credit_id AS "creditId"`;

/** Whose claims a caller reads in a list: everyone's (HR, ADMIN), or their own, their deals', those waiting for them and their team's. */
export type ClaimsViewer = { everyone: true; id: string; hr: boolean } | { everyone: false; id: string; hr: false };

/** The caller's direct and indirect reports; UNION (not UNION ALL) stops at a cycle in the directory. */
const TEAM = `team AS (SELECT id FROM employees WHERE manager_id = $1
  UNION SELECT e.id FROM employees e JOIN team t ON e.manager_id = t.id)`;

/**
 * A page of claims, newest first. `waitingForMe` keeps those pending on the caller: as the deal's owner, as the
 * manager a claim escalated to, or, for HR, escalated with no manager.
 */
export async function claimsPage(
  sql: SqlExecutor,
  viewer: ClaimsViewer,
  filter: { status?: string; waitingForMe: boolean },
  page: { offset: number; limit: number },
): Promise<{ nodes: ClaimRecord[]; totalCount: number }> {
  const where = `FROM claims c WHERE ($2::text IS NULL OR c.status = $2)
    AND ($3::boolean OR c.claimant_id = $1 OR c.owner_id = $1 OR c.approver_id = $1
         OR c.claimant_id IN (SELECT id FROM team) OR c.owner_id IN (SELECT id FROM team))
    AND (NOT $4::boolean OR (c.status = 'PENDING' AND (c.owner_id = $1 OR c.approver_id = $1 OR ($5::boolean AND c.escalated AND c.approver_id IS NULL))))`;
  const params = [viewer.id, filter.status ?? null, viewer.everyone, filter.waitingForMe, viewer.hr];
  const nodes = await sql.query<ClaimRecord>(
    `WITH RECURSIVE ${TEAM} SELECT ${CLAIM_COLUMNS} ${where} ORDER BY c.claimed_at DESC, c.id OFFSET $6 LIMIT $7`,
    [...params, page.offset, page.limit],
  );
  const [{ total }] = await sql.query<{ total: number }>(`WITH RECURSIVE ${TEAM} SELECT count(*)::int AS total ${where}`, params);
  return { nodes, totalCount: total };
}

export async function claimsById(sql: SqlExecutor, ids: readonly string[]): Promise<ClaimRecord[]> {
  return sql.query<ClaimRecord>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ANY($1::text[])`, [ids]);
}

/**
 * Claims waiting on their owner since before `before`, oldest first, with the owner's manager as the directory has
 * it now (an offboarded manager leaves it to HR): the escalation pass's work.
 */
export async function claimsDueForEscalation(sql: SqlExecutor, before: Date, limit: number): Promise<{ id: string; managerId: string | null }[]> {
  return sql.query(
    `SELECT c.id, m.id AS "managerId" FROM claims c
       LEFT JOIN employees e ON e.id = c.owner_id LEFT JOIN employees m ON m.id = e.manager_id AND m.active
      WHERE c.status = 'PENDING' AND NOT c.escalated AND c.claimed_at <= $1 ORDER BY c.claimed_at, c.id LIMIT $2`,
    [before, limit],
  );
}

/** Approved claims whose credit the deals read model does not hold. */
export async function approvedClaimsWithoutCredit(sql: SqlExecutor, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT c.id FROM claims c WHERE c.status = 'APPROVED' AND NOT EXISTS (SELECT 1 FROM credits cr WHERE cr.id = c.credit_id)
      ORDER BY c.decided_at, c.id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

/** Disputes resolved in favour whose credit the deal does not show, granted or restored. */
export async function resolutionsWithoutEffect(sql: SqlExecutor, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT d.id FROM disputes d WHERE d.status = 'RESOLVED_IN_FAVOR'
        AND ((d.subject = 'RETRACTED_CREDIT' AND NOT d.restored)
          OR (d.subject = 'DECLINED_CLAIM' AND d.grants_credit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credits cr WHERE cr.id = d.grants_credit_id)))
      ORDER BY d.resolved_at, d.id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

/** What the scheduled claims pass works on, `limit` of each at most per pass. */
export const claimsDue = (sql: SqlExecutor, limit: number) => ({
  escalations: (before: Date) => claimsDueForEscalation(sql, before, limit),
  ungranted: () => approvedClaimsWithoutCredit(sql, limit),
  unresolved: () => resolutionsWithoutEffect(sql, limit),
});

/** The caller's direct and indirect reports. */
export async function reportsOf(sql: SqlExecutor, managerId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(`WITH RECURSIVE ${TEAM} SELECT id FROM team ORDER BY id`, [managerId]);
  return rows.map((row) => row.id);
}

/** The won deals owned by anyone in the team on which nobody holds an active credit. */
export async function uncreditedTeamDeals(sql: SqlExecutor, managerId: string, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `WITH RECURSIVE ${TEAM}
     SELECT d.id FROM deals d WHERE d.status = 'CLOSED_WON' AND d.owner_id IN (SELECT id FROM team)
        AND NOT EXISTS (SELECT 1 FROM credits c WHERE c.deal_id = d.id AND c.status = 'ACTIVE')
      ORDER BY d.closed_on DESC, d.id LIMIT $2`,
    [managerId, limit],
  );
  return rows.map((row) => row.id);
}
