import { isDeepStrictEqual } from 'node:util';
import type { Criteria } from '@club-ledger/domain';
import { foldFacts, inEffectAt, type Fact, type FactMoment } from './fold-facts';
import { computeStandings, type Standing } from './standings';

/** A criteria version with the event that recorded it. */
export interface CriteriaRecorded {
  criteria: Criteria;
  /** Unknown for versions recorded before positions were kept. */
  position: string | null;
  occurredAt: string;
  recordedAt: string;
}

export type ChangeCauseKind =
  | 'CREDITED' | 'RETRACTED' | 'DEAL_WON' | 'DEAL_LOST' | 'DEAL_REOPENED' | 'QUOTA_SET' | 'OFFBOARDED'
  | 'CRITERIA_REVISED' | 'OVERTAKEN' | 'REGISTERED' | 'DEPARTMENT_CHANGED';

/**
 * Why a standing changed: one event (`fact`, or a criteria revision), with the facts it needs to hold (a deal's opening
 * beside its close or its credit), and, for OVERTAKEN, the other person whose event it is.
 */
export interface ChangeCause {
  kind: ChangeCauseKind;
  fact: Fact | null;
  criteria: CriteriaRecorded | null;
  /** Every fact this cause stands for: `fact` first, then the deal openings it depends on. */
  facts: Fact[];
  otherId: string | null;
  /** For OVERTAKEN: whether the other person is ahead of this one at `to` (else they fell behind). */
  otherAhead?: boolean;
}

export interface StandingChange {
  employeeId: string;
  before: Standing | null;
  after: Standing | null;
  causes: ChangeCause[];
}

export interface ChangesAsked {
  employeeId?: string;
  onlyQualificationChanges: boolean;
}

type Program = { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] };

/** The criteria in force at `knownAt`: the newest recorded by then. */
export const criteriaAt = (history: readonly CriteriaRecorded[], knownAt: Date): CriteriaRecorded | undefined =>
  [...history].reverse().find((entry) => Date.parse(entry.recordedAt) <= knownAt.getTime());

/** The standings of every audience member when `inEffect` picks the facts that hold, under `criteria` (none without). */
export async function standingsWhere(facts: readonly Fact[], program: Program, criteria: Criteria | undefined, inEffect: (fact: Fact) => boolean) {
  if (!criteria) return new Map<string, Standing>();
  const standings = computeStandings(await foldFacts([facts], program, inEffect), criteria);
  return new Map(standings.map((standing) => [standing.employeeId, standing]));
}

/**
 * Who changed between two moments, and why. The facts that hold at one moment and not the other (each judged by
 * `inEffectAt`) are the candidates; each person's causes are the ones that touch them (their credits and retractions,
 * their deals' and credited deals' closes and reopenings, their quota, offboarding, department), and the criteria
 * revision when the version differs. When those alone do not give their standing at `to` (a rank or the cutoff moved
 * by others), the events of those who passed them, or fell behind them, are added as OVERTAKEN; failing that, every
 * other person's. So the causes always account for the whole change: applied alone to `from`, they give `to`.
 */
export async function standingChanges(
  facts: readonly Fact[],
  program: Program,
  history: readonly CriteriaRecorded[],
  from: FactMoment,
  to: FactMoment,
  asked: ChangesAsked,
): Promise<StandingChange[]> {
  const [inFrom, inTo] = [inEffectAt(from), inEffectAt(to)];
  const [criteriaFrom, criteriaTo] = [criteriaAt(history, from.knownAt), criteriaAt(history, to.knownAt)];
  const before = await standingsWhere(facts, program, criteriaFrom?.criteria, inFrom);
  const after = await standingsWhere(facts, program, criteriaTo?.criteria, inTo);
  const revised = criteriaFrom?.criteria.version !== criteriaTo?.criteria.version ? criteriaTo ?? criteriaFrom ?? null : null;
  const differing = facts.filter((fact) => inFrom(fact) !== inTo(fact));
  const touching = touchingEach(facts, differing);
  const people = [...new Set([...before.keys(), ...after.keys()])].filter((id) => asked.employeeId === undefined || id === asked.employeeId).sort();
  const changed = people.filter((id) =>
    asked.onlyQualificationChanges && asked.employeeId === undefined
      ? (before.get(id)?.qualifies ?? false) !== (after.get(id)?.qualifies ?? false)
      : !isDeepStrictEqual(before.get(id) ?? null, after.get(id) ?? null),
  );
  const explained: StandingChange[] = [];
  for (const id of changed) {
    const accounts = async (causes: ChangeCause[]) => {
      const standings = await standingsWhere(facts, program, (causes.some((cause) => cause.criteria) ? criteriaTo : criteriaFrom)?.criteria, toggled(inFrom, causes));
      return isDeepStrictEqual(standings.get(id) ?? null, after.get(id) ?? null);
    };
    const own = [...(revised ? [criteriaCause(revised)] : []), ...causesOf(touching.get(id) ?? [], null)];
    let causes = own;
    for (const others of [passedBy(id, before, after), [...touching.keys()]]) {
      if (await accounts(causes)) break;
      causes = [...own, ...others.filter((other) => other !== id).flatMap((other) => causesOf(touching.get(other) ?? [], other, causes))];
    }
    const place = (who: string) => after.get(who)?.rank ?? Infinity;
    const placed = causes.map((cause) => (cause.otherId === null ? cause : { ...cause, otherAhead: place(cause.otherId) < place(id) }));
    explained.push({ employeeId: id, before: before.get(id) ?? null, after: after.get(id) ?? null, causes: placed });
  }
  return explained;
}

/** What applying `causes` to the facts that hold at a moment leaves holding: each of their facts flipped. */
export function toggled(inEffect: (fact: Fact) => boolean, causes: readonly ChangeCause[]): (fact: Fact) => boolean {
  const flipped = new Set(causes.flatMap((cause) => cause.facts.map((fact) => fact.position)));
  return (fact) => inEffect(fact) !== flipped.has(fact.position);
}

/** Those whose place relative to `id` is not what it was: ahead of them now and not before, or the other way round. */
function passedBy(id: string, before: Map<string, Standing>, after: Map<string, Standing>): string[] {
  const place = (standings: Map<string, Standing>, who: string) => standings.get(who)?.rank ?? Infinity;
  const ahead = (standings: Map<string, Standing>, who: string) => place(standings, who) < place(standings, id);
  return [...new Set([...before.keys(), ...after.keys()])].filter((other) => other !== id && ahead(before, other) !== ahead(after, other));
}

const criteriaCause = (criteria: CriteriaRecorded): ChangeCause => ({ kind: 'CRITERIA_REVISED', fact: null, criteria, facts: [], otherId: null });

/**
 * One cause per fact, in ledger order; a deal's opening goes with the first cause on that deal (a credit or a close
 * on a deal not yet recorded needs its opening), and is a cause of its own only if nothing else on the deal is.
 * Facts already named by `taken` are left out.
 */
function causesOf(facts: readonly Fact[], otherId: string | null, taken: readonly ChangeCause[] = []): ChangeCause[] {
  const named = new Set(taken.flatMap((cause) => cause.facts.map((fact) => fact.position)));
  const openings = new Map(facts.flatMap((fact) => (fact.type === 'DealOpened' && !named.has(fact.position) ? [[fact.data.dealId, fact] as const] : [])));
  const causes: ChangeCause[] = [];
  for (const fact of facts) {
    if (named.has(fact.position) || fact.type === 'DealOpened') continue;
    const kind = otherId === null ? kindOf(fact) : 'OVERTAKEN';
    const dealId = 'dealId' in fact.data ? fact.data.dealId : undefined;
    const opening = dealId === undefined ? undefined : openings.get(dealId);
    if (dealId !== undefined) openings.delete(dealId);
    causes.push({ kind, fact, criteria: null, facts: opening ? [fact, opening] : [fact], otherId });
  }
  // An opening alone changes no standing; kept so that the causes still name every fact that differs.
  for (const opening of openings.values()) causes.push({ kind: otherId === null ? 'DEAL_WON' : 'OVERTAKEN', fact: opening, criteria: null, facts: [opening], otherId });
  return causes;
}

function kindOf(fact: Fact): ChangeCauseKind {
  switch (fact.type) {
    case 'ContributionCredited':
    case 'CreditRestored':
      return 'CREDITED';
    case 'CreditRetracted':
      return 'RETRACTED';
    case 'DealClosedWon':
    case 'DealOpened':
      return 'DEAL_WON';
    case 'DealClosedLost':
      return 'DEAL_LOST';
    case 'DealReopened':
      return 'DEAL_REOPENED';
    case 'QuotaSet':
      return 'QUOTA_SET';
    case 'EmployeeOffboarded':
      return 'OFFBOARDED';
    case 'EmployeeRegistered':
      return 'REGISTERED';
    case 'EmployeeChanged':
      return 'DEPARTMENT_CHANGED';
    case 'NotificationSettingsChanged':
      throw new Error('How a person is told changes no standing: it is never a cause');
    default: {
      const unknown: never = fact;
      throw new Error(`Unhandled fact ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The differing facts by the people whose standing they can move: a credit and its retraction its contributor; a
 * deal's events its owner and everyone ever credited on it; a quota, a registration, a change or an offboarding
 * that person.
 */
function touchingEach(facts: readonly Fact[], differing: readonly Fact[]): Map<string, Fact[]> {
  const contributorOf = new Map<string, string>();
  const peopleOn = new Map<string, Set<string>>();
  const on = (dealId: string) => peopleOn.get(dealId) ?? peopleOn.set(dealId, new Set()).get(dealId) as Set<string>;
  for (const fact of facts) {
    if (fact.type === 'DealOpened') on(fact.data.dealId).add(fact.data.ownerId);
    if (fact.type === 'ContributionCredited') {
      contributorOf.set(fact.data.creditId, fact.data.contributorId);
      on(fact.data.dealId).add(fact.data.contributorId);
    }
  }
  const touching = new Map<string, Fact[]>();
  const add = (id: string | undefined, fact: Fact) => {
    if (id === undefined) return;
    const theirs = touching.get(id);
    if (theirs) theirs.push(fact);
    else touching.set(id, [fact]);
  };
  for (const fact of differing) {
    switch (fact.type) {
      case 'ContributionCredited':
        add(fact.data.contributorId, fact);
        break;
      case 'CreditRetracted':
      case 'CreditRestored':
        add(contributorOf.get(fact.data.creditId), fact);
        break;
      // How a person is told changes nothing they are credited with.
      case 'NotificationSettingsChanged':
        break;
      case 'DealOpened':
      case 'DealClosedWon':
      case 'DealClosedLost':
      case 'DealReopened':
        for (const id of on(fact.data.dealId)) add(id, fact);
        break;
      case 'QuotaSet':
      case 'EmployeeRegistered':
      case 'EmployeeChanged':
      case 'EmployeeOffboarded':
        add(fact.data.employeeId, fact);
        break;
      default: {
        const unknown: never = fact;
        throw new Error(`Unhandled fact ${JSON.stringify(unknown)}`);
      }
    }
  }
  return touching;
}
