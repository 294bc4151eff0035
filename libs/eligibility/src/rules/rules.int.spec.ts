import fc from 'fast-check';
import { CONTRIBUTION_KINDS, DEAL_TYPES, type ContributionKind, type DealType } from '@club-ledger/domain';
import type { SqlClient } from '@club-ledger/kernel';
import { sqlEngines } from '@club-ledger/test-support';
import { LATE_AFTER_MS, LATE_CREDIT_SPAN, isLateCredit, lateCreditSql } from './late-credit';
import { WEIGHT_SQL, WEIGHT_TABLES_SQL, dealMultipliersSql, pointsOf, weightParameters } from './points-weight';
import { isOpenedAndClosedSameDay, openedAndClosedSameDaySql } from './same-day';

const DAY_MS = 86_400_000;
const PRODUCTS = ['Core', 'Analytics', 'Payments', 'Edge'];

interface DealInHistory {
  openedOn: string;
  closedOn: string | null;
  dealType: DealType;
  products: string[];
}

interface CreditInHistory {
  deal: number;
  kind: ContributionKind;
  creditedAt: Date;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Deals opened over a year, most closed within a few days (the same day often), some still open. */
const deal = fc
  .record({
    opened: fc.integer({ min: 0, max: 365 }),
    closedAfter: fc.option(fc.integer({ min: 0, max: 3 })),
    dealType: fc.constantFrom(...DEAL_TYPES),
    products: fc.subarray(PRODUCTS),
  })
  .map(({ opened, closedAfter, dealType, products }): DealInHistory => {
    const openedMs = Date.UTC(2026, 0, 1) + opened * DAY_MS;
    return { openedOn: day(openedMs), closedOn: closedAfter === null ? null : day(openedMs + closedAfter * DAY_MS), dealType, products };
  });

/** Credits given around the late-credit boundary of their deal's close (or a day of the year, on an open deal). */
const credit = (deals: number) =>
  fc.record({
    deal: fc.integer({ min: 0, max: deals - 1 }),
    kind: fc.constantFrom(...CONTRIBUTION_KINDS),
    offsetMs: fc.oneof(fc.constantFrom(LATE_AFTER_MS - 1, LATE_AFTER_MS, LATE_AFTER_MS + 1), fc.integer({ min: 0, max: 2 * LATE_AFTER_MS })),
  });

/** Weights as HR writes them, to the hundredth. */
const weight = fc.integer({ min: 0, max: 1_000 }).map((hundredths) => hundredths / 100);
const criteria = fc.record({
  kindPoints: fc.array(fc.record({ kind: fc.constantFrom(...CONTRIBUTION_KINDS), points: weight }), { maxLength: 6 }),
  dealTypeMultipliers: fc.array(fc.record({ type: fc.constantFrom(...DEAL_TYPES), multiplier: weight }), { maxLength: 4 }),
  productMultipliers: fc.array(fc.record({ product: fc.constantFrom(...PRODUCTS), multiplier: weight }), { maxLength: 5 }),
});

const history = fc.array(deal, { minLength: 1, maxLength: 20 }).chain((deals) =>
  fc.record({
    deals: fc.constant(deals),
    credits: fc.array(credit(deals.length), { maxLength: 30 }).map((credits) =>
      credits.map(({ deal: index, kind, offsetMs }): CreditInHistory => {
        const closedOn = deals[index].closedOn ?? deals[index].openedOn;
        return { deal: index, kind, creditedAt: new Date(Date.parse(`${closedOn}T00:00:00.000Z`) + offsetMs) };
      }),
    ),
    criteria,
  }),
);

type History = { deals: DealInHistory[]; credits: CreditInHistory[]; criteria: Parameters<typeof pointsOf>[2] };

async function sameDayInSql(sql: SqlClient, deals: DealInHistory[]): Promise<boolean[]> {
  const rows = await sql.query<{ flagged: boolean }>(
    `SELECT ${openedAndClosedSameDaySql('d')} AS flagged FROM unnest($1::date[], $2::date[]) WITH ORDINALITY AS d(opened_on, closed_on, n) ORDER BY n`,
    [deals.map((one) => one.openedOn), deals.map((one) => one.closedOn)],
  );
  return rows.map((row) => row.flagged);
}

async function lateInSql(sql: SqlClient, { deals, credits }: History): Promise<boolean[]> {
  const rows = await sql.query<{ late: boolean }>(
    `SELECT ${lateCreditSql('c', 'c', '$3::interval')} AS late
       FROM unnest($1::timestamptz[], $2::date[]) WITH ORDINALITY AS c(credited_at, closed_on, n) ORDER BY n`,
    [credits.map((one) => one.creditedAt.toISOString()), credits.map((one) => deals[one.deal].closedOn), LATE_CREDIT_SPAN],
  );
  return rows.map((row) => row.late);
}

async function weightsInSql(sql: SqlClient, { deals, credits, criteria: rules }: History): Promise<number[]> {
  const rows = await sql.query<{ weight: number }>(
    `WITH ${WEIGHT_TABLES_SQL},
          given AS (SELECT * FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS d(deal_type, products, n)),
          counting AS (SELECT d.n, ${dealMultipliersSql('d')} FROM given d LEFT JOIN type_multipliers t ON t.deal_type = d.deal_type)
     SELECT ${WEIGHT_SQL} AS weight
       FROM unnest($3::text[], $10::int[]) WITH ORDINALITY AS c(kind, deal, n)
       JOIN counting ON counting.n = c.deal
       LEFT JOIN kind_points k ON k.kind = c.kind
      ORDER BY c.n`,
    [
      deals.map((one) => one.dealType), deals.map((one) => JSON.stringify(one.products)), credits.map((one) => one.kind),
      ...weightParameters(rules), credits.map((one) => one.deal + 1),
    ],
  );
  return rows.map((row) => Number(row.weight));
}

describe.each(sqlEngines('rules in TypeScript and SQL'))('each rule in TypeScript and in SQL, on $name', ({ name, open }) => {
  jest.setTimeout(120_000);
  let sql: SqlClient;

  beforeAll(async () => {
    process.stdout.write(`rules in TypeScript and SQL: running against ${name}\n`);
    sql = await open();
  });
  afterAll(() => sql.close());

  it('flags the same deals opened and closed the same day', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(deal, { minLength: 1, maxLength: 20 }), async (deals) => {
        expect(await sameDayInSql(sql, deals)).toEqual(deals.map(isOpenedAndClosedSameDay));
      }),
    );
  });

  it('flags the same credits late', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (given) => {
        expect(await lateInSql(sql, given)).toEqual(given.credits.map((one) => isLateCredit(one, given.deals[one.deal])));
      }),
    );
  });

  it('weighs every credit alike', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (given) => {
        expect(await weightsInSql(sql, given)).toEqual(given.credits.map((one) => pointsOf(one, given.deals[one.deal], given.criteria)));
      }),
    );
  });
});
