import type { ContributionKind, DealType } from '@club-ledger/domain';

/** What the engine needs to know, already cut to the moment asked about (asOf / knownAt). */
export interface ProgramFacts {
  periodStart: string;
  periodEnd: string;
  /** Empty means everyone. */
  audienceDepartments: readonly string[];
  employees: readonly { id: string; department: string; active: boolean }[];
  deals: readonly {
    id: string;
    ownerId: string;
    dealType: DealType;
    amountCents: bigint;
    products: readonly string[];
    status: 'OPEN' | 'CLOSED_WON' | 'CLOSED_LOST';
    openedOn: string;
    closedOn: string | null;
  }[];
  credits: readonly {
    id: string;
    dealId: string;
    contributorId: string;
    creditedBy: string;
    kind: ContributionKind;
    active: boolean;
    /** ISO instant the credit was given. */
    creditedAt: string;
  }[];
  quotas: readonly { employeeId: string; periodStart: string; periodEnd: string; amountCents: bigint }[];
}

export type DealFact = ProgramFacts['deals'][number];
export type CreditFact = ProgramFacts['credits'][number];

/** numeric(17, 2) as text, "1500000.00" → 150000000n (and "0" → 0n), exactly: money as the facts count it. */
export const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
