import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { SqlClient } from '@club-ledger/kernel';
import { creditFlags } from '../rules/late-credit';
import { dealFlags } from '../rules/same-day';
import { containsPattern } from './standing-order';
import { SQL_CLIENT } from '../storage/storage.module';
import type { Credit, CreditConnection, Deal } from './answers';

interface DealRow {
  id: string;
  name: string;
  account: string;
  owner_id: string;
  deal_type: Deal['type'];
  amount: string;
  products: string[];
  status: Deal['status'];
  opened_on: string;
  closed_on: string | null;
}

interface CreditRow {
  id: string;
  deal_id: string;
  contributor_id: string;
  credited_by: string;
  kind: Credit['kind'];
  backfilled: boolean;
  note: string;
  credited_at: Date;
  status: Credit['status'];
  retracted_reason: string | null;
  deal_closed_on: string | null;
}

/** The order of an owner's deals: won first, then open, then lost; the latest close (or, while open, opening) first. */
const OWNED_DEALS_ORDER = `CASE status WHEN 'CLOSED_WON' THEN 0 WHEN 'OPEN' THEN 1 ELSE 2 END,
  CASE WHEN status = 'OPEN' THEN opened_on ELSE closed_on END DESC NULLS LAST, id`;
const ALL_STATUSES: readonly Deal['status'][] = ['OPEN', 'CLOSED_WON', 'CLOSED_LOST'];

const DEAL_COLUMNS = `id, name, account, owner_id, deal_type, amount::text AS amount, products, status,
  opened_on::text AS opened_on, closed_on::text AS closed_on`;
const CREDIT_COLUMNS = `c.id, c.deal_id, c.contributor_id, c.credited_by, c.kind, c.note, c.credited_at, c.status,
  c.retracted_reason, c.backfilled, d.closed_on::text AS deal_closed_on`;

/** Flags are shown, not enforced: a deal opened and closed the same day. */
export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    name: row.name,
    account: row.account,
    ownerId: row.owner_id,
    type: row.deal_type,
    amount: row.amount,
    products: row.products,
    status: row.status,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    flags: dealFlags({ openedOn: row.opened_on, closedOn: row.closed_on }),
  };
}

function toCredit(row: CreditRow): Credit {
  return {
    id: row.id,
    dealId: row.deal_id,
    contributorId: row.contributor_id,
    creditedById: row.credited_by,
    kind: row.kind,
    note: row.note,
    creditedAt: row.credited_at,
    status: row.status,
    retractedReason: row.retracted_reason,
    flags: [...creditFlags({ creditedAt: row.credited_at }, { closedOn: row.deal_closed_on }), ...(row.backfilled ? ['BACKFILLED'] : [])],
  };
}

/**
 * The rows of `select` as one JSON document, each an object keyed by its column names (a timestamptz as its ISO text):
 * PGlite hands a result to JavaScript row by row at a cost that, for a standing's evidence and their deals, outweighs
 * the query itself.
 */
async function rowsAsOneDocument<Row>(sql: SqlClient, select: string, params: readonly unknown[]): Promise<Row[]> {
  const [{ rows }] = await sql.query<{ rows: string }>(`SELECT coalesce(json_agg(r), '[]')::text AS rows FROM (${select}) r`, params);
  return JSON.parse(rows) as Row[];
}

const encodeCursor = (credit: Credit) => Buffer.from(`${credit.creditedAt.toISOString()}|${credit.id}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return at && id && !Number.isNaN(Date.parse(at)) ? [at, id] : undefined;
}

export type CreditOrderField = 'CREDITED_AT' | 'DEAL' | 'DEAL_CLOSED_ON' | 'KIND';

/** The columns a list of credits may be ordered by: fixed texts chosen by the field, never a value of the request. */
const CREDIT_ORDERS: Record<CreditOrderField, string> = {
  CREDITED_AT: 'c.credited_at',
  DEAL: 'd.name',
  DEAL_CLOSED_ON: 'd.closed_on',
  KIND: 'c.kind',
};

/** One side's credits whose deal's name or account, or the other side's name, contains `$2`. */
const creditsFoundFrom = (side: 'contributor_id' | 'credited_by') => `credits c JOIN deals d ON d.id = c.deal_id
    LEFT JOIN employees other ON other.id = c.${side === 'contributor_id' ? 'credited_by' : 'contributor_id'}
   WHERE c.${side} = $1 AND ($2::text IS NULL OR d.name ILIKE $2 OR d.account ILIKE $2 OR other.name ILIKE $2)`;

export interface CreditsFound {
  /** Text the deal's name or account, or the other person's name, contains, in any case. */
  search?: string;
  order?: { field: CreditOrderField; descending: boolean };
}

@Injectable()
export class DealQueries {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  deals(): DataLoader<string, Deal | null> {
    return new DataLoader(async (ids: readonly string[]) => {
      const rows = await rowsAsOneDocument<DealRow>(this.sql, `SELECT ${DEAL_COLUMNS} FROM deals WHERE id = ANY($1::text[])`, [ids]);
      const byId = new Map(rows.map((row) => [row.id, toDeal(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Credits per deal, batched: a page of deals costs one query for all their credits. */
  creditsOfDeals(): DataLoader<string, Credit[]> {
    return new DataLoader(async (dealIds: readonly string[]) => {
      const rows = await this.sql.query<CreditRow>(
        `SELECT ${CREDIT_COLUMNS} FROM credits c JOIN deals d ON d.id = c.deal_id
          WHERE c.deal_id = ANY($1::text[]) ORDER BY c.credited_at, c.id`,
        [dealIds],
      );
      const credits = rows.map(toCredit);
      return dealIds.map((id) => credits.filter((credit) => credit.dealId === id));
    });
  }

  /**
   * Single credits read at the same moment, in one query, never cached: the mutations a projector batch releases
   * together (read-your-writes) read their credits back at once.
   */
  private readonly creditsReadTogether = new DataLoader((ids: readonly string[]) => this.creditsWithIds(ids), { cache: false });

  /**
   * Credits by id, batched: the evidence of a page of standings costs one query. Their deals come in the same query,
   * each handed to `dealRead` (the evidence's deals are asked next: a loader primed with them needs no query of its own).
   */
  creditsById(dealRead: (deal: Deal) => void): DataLoader<string, Credit | null> {
    return new DataLoader((ids: readonly string[]) => this.creditsWithIds(ids, dealRead));
  }

  async credit(id: string): Promise<Credit | undefined> {
    return (await this.creditsReadTogether.load(id)) ?? undefined;
  }

  private async creditsWithIds(ids: readonly string[], dealRead?: (deal: Deal) => void): Promise<(Credit | null)[]> {
    const rows = await rowsAsOneDocument<Omit<CreditRow, 'credited_at'> & { credited_at: string; deal?: DealRow }>(
      this.sql,
      dealRead
        ? `SELECT ${CREDIT_COLUMNS}, to_json(d) AS deal FROM credits c JOIN (SELECT ${DEAL_COLUMNS} FROM deals) d ON d.id = c.deal_id WHERE c.id = ANY($1::text[])`
        : `SELECT ${CREDIT_COLUMNS} FROM credits c JOIN deals d ON d.id = c.deal_id WHERE c.id = ANY($1::text[])`,
      [ids],
    );
    if (dealRead) {
      const deals = new Map(rows.map(({ deal }) => [deal?.id, deal]));
      for (const deal of deals.values()) if (deal) dealRead(toDeal(deal));
    }
    const byId = new Map(rows.map((row) => [row.id, toCredit({ ...row, credited_at: new Date(row.credited_at) })]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Which of these deals credit this employee (actively or not): one query for all of them. */
  async dealsCrediting(employeeId: string, dealIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.sql.query<{ deal_id: string }>(
      `SELECT DISTINCT deal_id FROM credits WHERE contributor_id = $1 AND deal_id = ANY($2::text[])`,
      [employeeId, dealIds],
    );
    return new Set(rows.map((row) => row.deal_id));
  }

  /** A page of the deals an employee owns (optionally of one status), in OWNED_DEALS_ORDER, and how many there are. */
  async dealsOwnedBy(
    ownerId: string,
    status: Deal['status'] | undefined,
    page: { offset: number; limit: number },
    uncredited = false,
  ): Promise<{ nodes: Deal[]; totalCount: number }> {
    const statuses = status ? [status] : ALL_STATUSES;
    const owned = `owner_id = $1 AND status = ANY($2::text[])
        AND (NOT $3::boolean OR NOT EXISTS (SELECT 1 FROM credits c WHERE c.deal_id = deals.id AND c.status = 'ACTIVE'))`;
    const rows = await this.sql.query<DealRow>(
      `SELECT ${DEAL_COLUMNS} FROM deals WHERE ${owned} ORDER BY ${OWNED_DEALS_ORDER} OFFSET $4 LIMIT $5`,
      [ownerId, statuses, uncredited, page.offset, page.limit],
    );
    const [{ total }] = await this.sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM deals WHERE ${owned}`, [ownerId, statuses, uncredited]);
    return { nodes: rows.map(toDeal), totalCount: total };
  }

  /** A page of the credits an employee received or gave, newest last, with a cursor to the next page. */
  async creditsOf(
    side: 'contributor_id' | 'credited_by',
    employeeId: string,
    first: number,
    after: string | null | undefined,
  ): Promise<CreditConnection> {
    const cursor = after == null ? undefined : decodeCursor(after);
    const rows = await this.sql.query<CreditRow>(
      `SELECT ${CREDIT_COLUMNS} FROM credits c JOIN deals d ON d.id = c.deal_id
        WHERE c.${side} = $1 AND ($2::timestamptz IS NULL OR (c.credited_at, c.id) > ($2::timestamptz, $3::text))
        ORDER BY c.credited_at, c.id LIMIT $4`,
      [employeeId, cursor?.[0] ?? null, cursor?.[1] ?? null, first + 1],
    );
    const [{ total }] = await this.sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM credits WHERE ${side} = $1`, [employeeId]);
    const nodes = rows.slice(0, first).map(toCredit);
    return {
      nodes,
      totalCount: total,
      pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length > 0 ? encodeCursor(nodes[nodes.length - 1]) : null },
    };
  }

  /** A page of credits found and ordered as asked; paged by offset, as the orders mix keys of deals and credits. */
  async creditsFound(side: 'contributor_id' | 'credited_by', employeeId: string, { search, order }: CreditsFound, offset: number, limit: number) {
    const by = order ? `${CREDIT_ORDERS[order.field]} ${order.descending ? 'DESC' : 'ASC'} NULLS LAST,` : '';
    const rows = await this.sql.query<CreditRow & { total: number }>(
      `SELECT ${CREDIT_COLUMNS}, count(*) OVER ()::int AS total FROM ${creditsFoundFrom(side)}
        ORDER BY ${by} c.credited_at, c.id OFFSET $3 LIMIT $4`,
      [employeeId, search ? containsPattern(search) : null, offset, limit],
    );
    const totalCount = rows[0]?.total ?? (offset === 0 ? 0 : await this.countCredits(side, employeeId, search));
    return { nodes: rows.map(toCredit), totalCount };
  }

  private async countCredits(side: 'contributor_id' | 'credited_by', employeeId: string, search: string | undefined): Promise<number> {
    const [{ total }] = await this.sql.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM ${creditsFoundFrom(side)}`,
      [employeeId, search ? containsPattern(search) : null],
    );
    return total;
  }
}
