/**
 * How a list of standings is found and ordered: by name (or id) and department, the people of the directory, and by
 * rank, name, progress or score. Written once for the kept standings (SQL) and the computed ones (TypeScript).
 */
export type StandingOrderField = 'RANK' | 'NAME' | 'PROGRESS' | 'SCORE';

export interface StandingOrder {
  field: StandingOrderField;
  descending: boolean;
}

/** A standing's person as the directory holds them now: a past moment is found under today's name and department. */
export interface Person {
  name: string;
  department: string;
}

export interface PeopleFilter {
  /** Text the person's name or id contains, in any case. */
  search?: string;
  department?: string;
}

/** An ILIKE pattern for "contains `text`": its own `%`, `_` and backslash match themselves, not any characters. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** The kept standings' condition on their people; `$search` and `$department` are the parameters' positions. */
export const peopleMatchingSql = (search: number, department: number) =>
  `($${search}::text IS NULL OR employee_id IN (SELECT id FROM employees WHERE name ILIKE $${search} OR id ILIKE $${search}))
        AND ($${department}::text IS NULL OR employee_id IN (SELECT id FROM employees WHERE department = $${department}))`;

export const peopleMatchingParams = (filter: PeopleFilter): [string | null, string | null] => [
  filter.search ? containsPattern(filter.search) : null,
  filter.department ?? null,
];

/** Rank first, then progress, then id: the order every other order falls back on. */
export const IN_RANK_ORDER = `rank NULLS LAST, progress DESC, employee_id COLLATE "C"`;

/** The kept standings' ORDER BY: fixed texts chosen by the field, never a value of the request. */
export function standingOrderSql(order: StandingOrder | undefined): string {
  if (!order) return IN_RANK_ORDER;
  const direction = order.descending ? 'DESC' : 'ASC';
  switch (order.field) {
    case 'RANK':
      return order.descending ? `rank DESC NULLS FIRST, progress ASC, employee_id COLLATE "C" DESC` : IN_RANK_ORDER;
    case 'NAME':
      return `(SELECT e.name FROM employees e WHERE e.id = employee_id) ${direction}, employee_id COLLATE "C"`;
    case 'PROGRESS':
      return `progress ${direction}, ${IN_RANK_ORDER}`;
    case 'SCORE':
      return `score ${direction}, ${IN_RANK_ORDER}`;
    default: {
      const unknown: never = order.field;
      throw new Error(`No order by ${String(unknown)}`);
    }
  }
}

interface Ordered {
  employeeId: string;
  rank: number | null;
  progress: number;
  score: number;
}

const inRankOrder = (a: Ordered, b: Ordered): number =>
  (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.progress - a.progress || (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0);

/** The computed standings' filter and order: the same as the SQL above, over the directory's people. */
export function findAndOrder<S extends Ordered>(standings: S[], people: Map<string, Person>, filter: PeopleFilter, order: StandingOrder | undefined): S[] {
  const search = filter.search?.toLowerCase();
  const found = standings.filter(({ employeeId }) => {
    const person = people.get(employeeId);
    if (search && !employeeId.toLowerCase().includes(search) && !person?.name.toLowerCase().includes(search)) return false;
    return !filter.department || person?.department === filter.department;
  });
  const sign = order?.descending ? -1 : 1;
  const compare = (a: S, b: S): number => {
    switch (order?.field ?? 'RANK') {
      case 'RANK':
        return sign * inRankOrder(a, b);
      case 'NAME':
        return sign * (people.get(a.employeeId)?.name ?? '').localeCompare(people.get(b.employeeId)?.name ?? '') || inRankOrder(a, b);
      case 'PROGRESS':
        return sign * (a.progress - b.progress) || inRankOrder(a, b);
      case 'SCORE':
        return sign * (a.score - b.score) || inRankOrder(a, b);
    }
  };
  return found.sort(compare);
}
