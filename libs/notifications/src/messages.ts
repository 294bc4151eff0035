import type { ContributionKind, NotificationKind } from '@club-ledger/domain';

/** One notification to record: derived from one event (or one change of standing) for one recipient. */
export interface Notice {
  id: string;
  /** An employee id, or `HR_RECIPIENT` for what every HR caller sees. */
  recipient: string;
  kind: NotificationKind;
  at: string;
  text: string;
  /** The app's path that shows what it is about. */
  link: string | null;
  /** Of history (`holdBackHistory`): kept in the app as read, delivered to no one. */
  past?: boolean;
}

/** The recipient of notifications meant for HR as a whole: each HR caller sees them, HR_EMAIL is emailed them. */
export const HR_RECIPIENT = 'role:HR';

const KIND_WORDS: Record<ContributionKind, string> = {
  DEAL_ASSIST: 'deal assist',
  POC_SUPPORT: 'POC support',
  ESCALATION: 'an escalation',
  ROADMAP_BRIEFING: 'a roadmap briefing',
  RFP_RESPONSE: 'an RFP response',
  COMPETITIVE_INTEL: 'competitive intel',
};

export const contributionWords = (kind: string): string => KIND_WORDS[kind as ContributionKind] ?? kind;

export const links = {
  deal: (dealId: string) => `/deals/${encodeURIComponent(dealId)}`,
  program: (programId: string) => `/programs/${encodeURIComponent(programId)}`,
  standing: (programId: string, employeeId: string) =>
    `/programs/${encodeURIComponent(programId)}/people/${encodeURIComponent(employeeId)}`,
  recognition: () => '/recognition',
  claims: () => '/claims',
  disputes: () => '/disputes',
};
