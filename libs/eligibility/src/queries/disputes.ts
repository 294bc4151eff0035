import type { SqlExecutor } from '@club-ledger/kernel';

export interface DisputeRecord {
  id: string;
  subject: 'RETRACTED_CREDIT' | 'DECLINED_CLAIM' | 'STANDING';
  raisedBy: string;
  reason: string;
  raisedAt: Date;
  creditId: string | null;
  claimId: string | null;
  programId: string | null;
  asOf: Date | null;
  knownAt: Date | null;
  status: 'OPEN' | 'RESOLVED_IN_FAVOR' | 'RESOLVED_AGAINST';
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

const DISPUTE_COLUMNS = `id, subject, raised_by AS "raisedBy", reason, raised_at AS "raisedAt", credit_id AS "creditId",
  claim_id AS "claimId", program_id AS "programId", as_of AS "asOf", known_at AS "knownAt", status,
  resolved_by AS "resolvedBy", resolved_at AS "resolvedAt", resolution`;

/** A page of disputes, oldest open first (a queue), then the resolved ones, newest first; `raisedBy` narrows to one person's. */
export async function disputesPage(
  sql: SqlExecutor,
  filter: { raisedBy?: string; status?: string },
  page: { offset: number; limit: number },
): Promise<{ nodes: DisputeRecord[]; totalCount: number }> {
  const where = `FROM disputes WHERE ($1::text IS NULL OR raised_by = $1) AND ($2::text IS NULL OR status = $2)`;
  const params = [filter.raisedBy ?? null, filter.status ?? null];
  const nodes = await sql.query<DisputeRecord>(
    `SELECT ${DISPUTE_COLUMNS} ${where}
      ORDER BY status <> 'OPEN', CASE WHEN status = 'OPEN' THEN raised_at END, raised_at DESC, id OFFSET $3 LIMIT $4`,
    [...params, page.offset, page.limit],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total ${where}`, params);
  return { nodes, totalCount: total };
}

export async function disputesById(sql: SqlExecutor, ids: readonly string[]): Promise<DisputeRecord[]> {
  return sql.query<DisputeRecord>(`SELECT ${DISPUTE_COLUMNS} FROM disputes WHERE id = ANY($1::text[])`, [ids]);
}
