import type { ContributionKind, CriteriaRules, DealType } from '@club-ledger/domain';
import type { FactMoment } from '../engine/fold-facts';
import type { Standing as Computed } from '../engine/standings';

/** The shapes the read-model queries answer with; the API's GraphQL types declare the same fields. */
export interface Deal {
  id: string;
  name: string;
  account: string;
  ownerId: string;
  type: DealType;
  amount: string;
  products: string[];
  status: 'OPEN' | 'CLOSED_WON' | 'CLOSED_LOST';
  openedOn: string;
  closedOn: string | null;
  flags: string[];
}

export interface Credit {
  id: string;
  dealId: string;
  contributorId: string;
  creditedById: string;
  kind: ContributionKind;
  note: string;
  creditedAt: Date;
  status: 'ACTIVE' | 'RETRACTED';
  retractedReason: string | null;
  flags: string[];
}

export interface CreditConnection {
  nodes: Credit[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface Employee {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
  managerId: string | null;
  active: boolean;
}

export interface AwardProgram {
  id: string;
  name: string;
  description: string | null;
  status: 'DRAFT' | 'OPEN' | 'FINALIZED';
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
}

/** A version of a program's criteria as the read model keeps it. */
export interface CriteriaVersion extends CriteriaRules {
  version: number;
  reason: string | null;
  revisedAt: Date;
}

export interface Standing extends Pick<Computed, 'employeeId' | 'criteriaVersion' | 'qualifies' | 'rank' | 'progress' | 'score' | 'metrics' | 'thresholds' | 'cutoff'> {
  programId: string;
  /** The program's period and audience, and the criteria this standing was judged by (for its won deals and quota). */
  program: { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] };
  rules: CriteriaRules;
  /** The won deals and quota, when they were computed with the standing; null to read them from the read model. */
  own: { wonDealIds: string[]; quota: bigint | null } | null;
  /** Where `own` is null, the moment to read them at: null for the read models as they are (a kept standing, a preview). */
  ownAt: FactMoment | null;
  /** Ids of the credits that count; null when the query did not ask for them. */
  evidenceIds: string[] | null;
  /** The employee's entry in the directory. */
  employee: Employee;
  asOf: Date;
  knownAt: Date;
}

/** A department of the directory, with its active employees. */
export interface Department {
  name: string;
  headCount: number;
}
