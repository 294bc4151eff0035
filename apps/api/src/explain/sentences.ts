import type { ContributionKind } from '@club-ledger/domain';

/** What a sentence needs to name people, deals and credits: their names, or their ids when unknown. */
export interface Names {
  person(id: string): string;
  deal(id: string): string;
  credit(id: string): { contributorId: string; kind: string } | undefined;
}

/** The ids an event names, to look their names up before writing its sentence. */
export function namedIn(data: Record<string, unknown>, actor: string | null): { people: string[]; deals: string[]; credits: string[] } {
  const text = (key: string) => (typeof data[key] === 'string' ? [data[key]] : []);
  return {
    people: [...(actor ? [actor] : []), ...['employeeId', 'contributorId', 'ownerId', 'creditedBy', 'retractedBy', 'managerId'].flatMap(text)],
    deals: text('dealId'),
    credits: text('creditId'),
  };
}

const KIND_WORDS: Record<ContributionKind, string> = {
  DEAL_ASSIST: 'a deal assist',
  POC_SUPPORT: 'POC support',
  ESCALATION: 'handling an escalation',
  ROADMAP_BRIEFING: 'a roadmap briefing',
  RFP_RESPONSE: 'the RFP response',
  COMPETITIVE_INTEL: 'competitive intel',
};
export const kindWords = (kind: string) => KIND_WORDS[kind as ContributionKind] ?? kind;

/** Services that record events on their own account, shown as what they are. */
const SERVICES: Record<string, string> = { seed: 'The demo seed', import: 'The import' };

/**
 * An event as a sentence with people's and deals' names: "Dahlia Wolf credited Jaquan Jerde for POC support on Acme
 * renewal". Without an actor (a fact kept for eligibility does not say who), it says what happened instead.
 */
export function sentenceOf(event: { type: string; data: unknown; actor: string | null }, names: Names): string {
  const data = (event.data ?? {}) as Record<string, string | number | null | undefined | unknown[]>;
  const text = (key: string) => String(data[key] ?? '');
  const who = event.actor === null ? null : (SERVICES[event.actor] ?? names.person(event.actor));
  const person = (key: string) => names.person(text(key));
  const deal = () => names.deal(text('dealId'));
  const said = (key: string) => (data[key] ? `: ${text(key)}` : '');
  const did = (active: string, passive: string) => (who === null ? passive : `${who} ${active}`);
  switch (event.type) {
    case 'EmployeeRegistered':
      return did(`registered ${person('employeeId')} in ${text('department')}`, `${person('employeeId')} joined ${text('department')}`);
    case 'EmployeeChanged': {
      const changes = Object.keys(data).filter((key) => key !== 'employeeId' && data[key] !== undefined).map((key) => `${key} to ${key === 'managerId' ? person(key) : text(key)}`);
      return did(`changed ${person('employeeId')}: ${changes.join(', ')}`, `${person('employeeId')} changed: ${changes.join(', ')}`);
    }
    case 'EmployeeOffboarded':
      return did(`offboarded ${person('employeeId')}${said('reason')}`, `${person('employeeId')} was offboarded${said('reason')}`);
    case 'DealOpened':
      return did(`opened ${text('name')} (${text('account')}, ${text('amount')}) owned by ${person('ownerId')}`, `${text('name')} was opened, owned by ${person('ownerId')}`);
    case 'DealClosedWon':
      return did(`closed ${deal()} as won for ${text('amount')} on ${text('closedOn')}`, `${deal()} was won for ${text('amount')} on ${text('closedOn')}`);
    case 'DealClosedLost':
      return did(`closed ${deal()} as lost on ${text('closedOn')}`, `${deal()} was lost on ${text('closedOn')}`);
    case 'DealReopened':
      return did(`reopened ${deal()}${said('reason')}`, `${deal()} was reopened${said('reason')}`);
    case 'ContributionCredited': {
      const original = data.creditedOn ? ` (originally on ${text('creditedOn')})` : '';
      return `${who ?? person('creditedBy')} credited ${person('contributorId')} for ${kindWords(text('kind'))} on ${deal()}${original}`;
    }
    case 'CreditRetracted': {
      const credit = names.credit(text('creditId'));
      const whose = credit ? `${names.person(credit.contributorId)}'s credit for ${kindWords(credit.kind)}` : 'a credit';
      return `${who ?? person('retractedBy')} retracted ${whose} on ${deal()}${said('reason')}`;
    }
    case 'CreditRestored': {
      const credit = names.credit(text('creditId'));
      const whose = credit ? `${names.person(credit.contributorId)}'s credit for ${kindWords(credit.kind)}` : 'a credit';
      return did(`restored ${whose}, as a dispute was resolved in their favour`, `${whose[0].toUpperCase()}${whose.slice(1)} was restored by a dispute`);
    }
    case 'QuotaSet':
      return did(
        `set ${person('employeeId')}'s quota for ${text('periodStart')} to ${text('periodEnd')} at ${text('amount')}`,
        `${person('employeeId')}'s quota for ${text('periodStart')} to ${text('periodEnd')} was set at ${text('amount')}`,
      );
    case 'AwardProgramDrafted':
      return did(`drafted ${text('name')}`, `${text('name')} was drafted`);
    case 'CriteriaRevised':
      return did(`revised the criteria to version ${text('version')}${said('reason')}`, `The criteria were revised to version ${text('version')}${said('reason')}`);
    case 'AwardProgramOpened':
      return did('opened the program', 'The program was opened');
    case 'AwardProgramFinalized': {
      const winners = Array.isArray(data.winners) ? data.winners.length : 0;
      return did(`finalized the program with ${winners} winner${winners === 1 ? '' : 's'}`, `The program was finalized with ${winners} winners`);
    }
    default:
      return did(`recorded ${event.type}`, `${event.type} was recorded`);
  }
}
