import { humanize } from '../../format';

/** The shapes the deal pages read from the API, and the words they show for its enums. */
export type DealStatus = 'OPEN' | 'CLOSED_WON' | 'CLOSED_LOST';
export type DealType = 'NEW_BUSINESS' | 'EXPANSION' | 'RENEWAL';
export type CreditStatus = 'ACTIVE' | 'RETRACTED';
export type ContributionKind = 'DEAL_ASSIST' | 'POC_SUPPORT' | 'ESCALATION' | 'ROADMAP_BRIEFING' | 'RFP_RESPONSE' | 'COMPETITIVE_INTEL';

export const CONTRIBUTION_KINDS: ContributionKind[] = ['DEAL_ASSIST', 'POC_SUPPORT', 'ESCALATION', 'ROADMAP_BRIEFING', 'RFP_RESPONSE', 'COMPETITIVE_INTEL'];

export const KIND_LABELS = Object.fromEntries(CONTRIBUTION_KINDS.map((kind) => [kind, humanize(kind)])) as Record<ContributionKind, string>;

export interface Person {
  id: string;
  name: string;
}

/** Someone who can be credited, as the contributor search offers them. */
export interface Colleague extends Person {
  title: string | null;
  department: string;
  active: boolean;
}

export interface Credit {
  id: string;
  contributor: Person;
  kind: ContributionKind;
  note: string;
  creditedBy: Person;
  creditedAt: string;
  status: CreditStatus;
  retractedReason: string | null;
  flags: string[];
}

export interface Deal {
  id: string;
  name: string;
  account: string;
  owner: Person;
  type: DealType;
  amount: string;
  products: string[];
  status: DealStatus;
  openedOn: string;
  closedOn: string | null;
  flags: string[];
  credits: Credit[];
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
