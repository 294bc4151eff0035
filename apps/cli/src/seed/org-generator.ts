import { Faker, en } from '@faker-js/faker';
import { CONTRIBUTION_KINDS, DEAL_TYPES, type ContributionKind, type DealType } from '@club-ledger/domain';

export const DEPARTMENTS = ['Sales', 'Sales Engineering', 'Product Management', 'Product Marketing', 'Customer Success'] as const;

export interface GeneratedEmployee { id: string; name: string; email: string; department: (typeof DEPARTMENTS)[number]; title: string }
/** `creditedOn`: the day the owner gave it, soon after the close, in the system of record the org came from. */
export interface GeneratedCredit { creditId: string; contributorId: string; kind: ContributionKind; note: string; creditedOn: string; retraction?: string }
export interface GeneratedDeal {
  id: string; name: string; account: string; ownerId: string; type: DealType; amount: string; products: string[]; openedOn: string;
  outcome: 'WON' | 'LOST' | 'OPEN'; closedOn?: string; credits: GeneratedCredit[];
}
export interface GeneratedOrg {
  year: number;
  employees: GeneratedEmployee[];
  quotas: { employeeId: string; periodStart: string; periodEnd: string; amount: string }[];
  deals: GeneratedDeal[];
}

export interface OrgSize {
  employees: number;
  deals: number;
  year?: number;
  /** The most credits a won deal receives, each from a different helper (default 3); benchmarks raise it. */
  creditsPerWonDeal?: number;
}

const PRODUCTS = ['Analytics', 'Platform', 'Security', 'Integrations', 'Mobile'];
const SHARE: Record<(typeof DEPARTMENTS)[number], number> = {
  Sales: 0.4, 'Sales Engineering': 0.15, 'Product Management': 0.15, 'Product Marketing': 0.1, 'Customer Success': 0.2,
};
const NOTES: Record<ContributionKind, string> = {
  DEAL_ASSIST: 'Joined the negotiation and helped close',
  POC_SUPPORT: 'Ran the proof of concept with their engineers',
  ESCALATION: 'Defused an escalation before the decision',
  ROADMAP_BRIEFING: 'Briefed the CTO on the roadmap',
  RFP_RESPONSE: 'Wrote the security section of the RFP',
  COMPETITIVE_INTEL: 'Prepared the competitive battlecard',
};

/**
 * A deterministic organization and its year: the same seed and size always give the same people, quotas,
 * deals (won, lost or still open, closed through the year) and the credits reps give on the won ones, a few
 * of them retracted. Ids are stable (`emp-0001`, `deal-00001`), so runs can be compared.
 */
export function generateOrg(seed: number, size: OrgSize): GeneratedOrg {
  const faker = new Faker({ locale: [en], seed });
  // Credit days draw from their own sequence, so adding them left every other generated value as it was.
  const creditDays = new Faker({ locale: [en], seed: seed + 1 });
  const year = size.year ?? 2026;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const employees: GeneratedEmployee[] = [];
  for (const department of DEPARTMENTS) {
    const count = Math.max(1, Math.round(size.employees * SHARE[department]));
    for (let i = 0; i < count && employees.length < size.employees; i++) {
      const id = `emp-${pad(employees.length + 1, 5)}`;
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      employees.push({ id, name: `${first} ${last}`, email: `${id}@example.com`, department, title: faker.person.jobTitle() });
    }
  }
  const reps = employees.filter((employee) => employee.department === 'Sales');
  const helpers = employees.filter((employee) => employee.department !== 'Sales');
  // Each rep's attainment is chosen first and the quota set to meet it: most between 50 and 150 %, a few beyond.
  const attainments = new Map(reps.map((rep) => [rep.id, attainmentOf(faker.number.float())]));
  const day = (from: number, to: number) => {
    const date = new Date(Date.UTC(year, 0, 1) + faker.number.int({ min: from, max: to }) * 86_400_000);
    return date.toISOString().slice(0, 10);
  };
  const deals: GeneratedDeal[] = [];
  for (let i = 1; i <= size.deals; i++) {
    const opened = faker.number.int({ min: 0, max: 280 });
    const roll = faker.number.float();
    const outcome = roll < 0.6 ? 'WON' : roll < 0.85 ? 'LOST' : 'OPEN';
    const credits: GeneratedCredit[] = [];
    if (outcome === 'WON' && helpers.length > 0) {
      for (const helper of faker.helpers.arrayElements(helpers, { min: 0, max: Math.min(size.creditsPerWonDeal ?? 3, helpers.length) })) {
        const kind = faker.helpers.arrayElement(CONTRIBUTION_KINDS);
        credits.push({
          creditId: `credit-${pad(i, 5)}-${helper.id}`, contributorId: helper.id, kind, note: NOTES[kind], creditedOn: '',
          ...(faker.number.float() < 0.05 && { retraction: 'Credited by mistake' }),
        });
      }
    }
    deals.push({
      id: `deal-${pad(i, 6)}`,
      name: `${faker.company.buzzNoun()} ${faker.helpers.arrayElement(['rollout', 'renewal', 'expansion', 'pilot'])}`,
      account: faker.company.name(),
      ownerId: faker.helpers.arrayElement(reps).id,
      type: faker.helpers.arrayElement(DEAL_TYPES),
      amount: `${faker.number.int({ min: 10, max: 400 }) * 1000}.00`,
      products: faker.helpers.arrayElements(PRODUCTS, { min: 1, max: 3 }),
      openedOn: day(opened, opened),
      outcome,
      ...(outcome !== 'OPEN' && { closedOn: day(opened + 5, Math.min(opened + 80, 300)) }),
      credits,
    });
  }
  for (const deal of deals) {
    for (const credit of deal.credits) credit.creditedOn = creditedAfter(deal.closedOn as string, creditDays.number.float(), creditDays.number.int({ min: 0, max: 29 }));
  }
  const won = new Map<string, number>();
  for (const deal of deals.filter((candidate) => candidate.outcome === 'WON')) won.set(deal.ownerId, (won.get(deal.ownerId) ?? 0) + Number(deal.amount));
  const typical = [...won.values()].reduce((sum, amount) => sum + amount, 0) / Math.max(1, won.size);
  const quotas = reps.map((rep) => ({
    employeeId: rep.id, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`,
    amount: `${Math.max(1, Math.round((won.get(rep.id) ?? typical) / (attainments.get(rep.id) as number) / 10_000)) * 10_000}.00`,
  }));
  return { year, employees, quotas, deals };
}

/**
 * Most credits are given within three weeks of the close; about one in thirty, on a deal closed early enough in the
 * year, more than 90 days after it (a late credit).
 */
function creditedAfter(closedOn: string, draw: number, spread: number): string {
  const closed = Date.parse(`${closedOn}T00:00:00Z`);
  const late = draw < 1 / 30 && closed < Date.parse(`${closedOn.slice(0, 4)}-07-01T00:00:00Z`);
  const days = late ? 91 + spread : Math.floor((spread * 21) / 30);
  return new Date(closed + days * 86_400_000).toISOString().slice(0, 10);
}

/** A uniform draw as quota attainment: evenly from 50 to 150 % for most, up to 190 % for the few stars. */
const attainmentOf = (draw: number) => (draw < 0.92 ? 0.5 + draw / 0.92 : 1.5 + (draw - 0.92) * 5);
