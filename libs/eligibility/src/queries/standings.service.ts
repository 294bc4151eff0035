import { Inject, Injectable } from '@nestjs/common';
import { Clock, type SqlClient } from '@club-ledger/kernel';
import type { Criteria } from '@club-ledger/domain';
import { criteriaAt, nearMisses, rankAssessments, standingChanges, type ChangesAsked, type Fact, type FactMoment, type Standing as Computed } from '../engine';
import { countedStandings, countedStandingsOf, EVIDENCE_PER_STATEMENT } from './counted-standings';
import { readCriteriaAt, readCriteriaRecorded } from './criteria-at';
import { judgeKeptStandings, readBusinessHorizon, readCurrentStandings, type CurrentStandingsFilter, type KeptStanding } from './current-standings';
import { factsKnownAt } from './facts-at';
import { findAndOrder, type PeopleFilter, type Person, type StandingOrder } from './standing-order';
import { SQL_CLIENT } from '../storage/storage.module';
import type { ProgramRecord } from './program.queries';
import type { Employee, Standing } from './answers';
import { directoryEntries } from './directory-entries';

/** What a list of standings reads beside the standings themselves (see `CurrentStandingsFilter`): all of it unless told. */
export type Reading = Pick<CurrentStandingsFilter, 'withEvidence' | 'withDetail'>;

export interface Moment {
  asOf?: Date;
  knownAt?: Date;
}

/**
 * Standings of a program at any moment. "Now" is read from the standings read model, kept as events
 * arrive; a past moment (or a now that facts dated in the future have not reached yet) is counted in the
 * database over the read models as they stood then (`ledgerAtSql`: recorded by `knownAt`, in effect at `asOf`),
 * judged by the criteria in force at `knownAt` (or by proposed criteria, for a preview). Ordered by rank, then by
 * progress, then by id.
 */
@Injectable()
export class StandingsService {
  /** The computation running now; the next one starts after it (see `oneAtATime`). */
  private computing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly clock: Clock,
  ) {}

  async page(
    program: ProgramRecord,
    moment: Moment,
    page: PeopleFilter & Reading & { offset: number; limit: number; onlyQualified: boolean; order?: StandingOrder },
  ) {
    const kept = await this.kept(program, moment, page);
    if (kept) return kept;
    const people = page.search || page.department || page.order ? await this.people() : undefined;
    let totalCount = 0;
    const nodes = await this.standings(program, moment, {
      withEvidence: page.withEvidence,
      select: (ranked) => {
        const matching = ranked.filter((standing) => !page.onlyQualified || standing.qualifies);
        const all = people ? findAndOrder(matching, people, page, page.order) : matching;
        totalCount = all.length;
        return all.slice(page.offset, page.offset + page.limit);
      },
    });
    return { nodes, totalCount };
  }

  /** Everyone's name and department, to find and order computed standings as the kept ones are in SQL. */
  private async people(): Promise<Map<string, Person>> {
    const rows = await this.sql.query<Person & { id: string }>(`SELECT id, name, department FROM employees`);
    return new Map(rows.map(({ id, ...person }) => [id, person]));
  }

  async qualifiers(program: ProgramRecord, moment: Moment, reading: Reading = {}): Promise<Standing[]> {
    const kept = await this.kept(program, moment, { onlyQualified: true, ...reading });
    return kept ? kept.nodes : this.standings(program, moment, { withEvidence: reading.withEvidence, select: (ranked) => ranked.filter((standing) => standing.qualifies) });
  }

  async nearMisses(program: ProgramRecord, moment: Moment, within: number, reading: Reading = {}): Promise<Standing[]> {
    const kept = await this.kept(program, moment, { nearMissWithin: within, ...reading });
    return kept ? kept.nodes : this.standings(program, moment, { withEvidence: reading.withEvidence, select: (ranked) => nearMisses(ranked, within) });
  }

  async standing(program: ProgramRecord, moment: Moment, employeeId: string, withEvidence = true): Promise<Standing | null> {
    const kept = await this.kept(program, moment, { employeeId, withEvidence });
    const found = kept ? kept.nodes : await this.standings(program, moment, { withEvidence, select: (ranked) => ranked.filter((standing) => standing.employeeId === employeeId) });
    return found[0] ?? null;
  }

  /**
   * Standings of a program at a moment, counted as it stood then (a past moment, winners, a preview): every one, in
   * rank order, or those `select` picks from them. Everyone is counted and ranked without the evidence; the evidence
   * (each person's credit ids, sorted by when they were given), unless told it is not wanted, is read for those
   * picked only. None before the program's first criteria.
   */
  async standings(
    program: ProgramRecord,
    moment: Moment,
    { proposed, withEvidence = true, select = (ranked) => ranked }: { proposed?: Criteria; withEvidence?: boolean; select?: (ranked: Computed[]) => Computed[] } = {},
  ): Promise<Standing[]> {
    const knownAt = moment.knownAt ?? this.clock.now();
    const at = { asOf: moment.asOf ?? knownAt, knownAt };
    return this.oneAtATime(async () => {
      const criteria = proposed ?? (await readCriteriaAt(this.sql, program.id, knownAt));
      if (!criteria) return [];
      const ranked = rankAssessments(await countedStandings(this.sql, program, criteria, false, { moment: at }), criteria.maxWinners).sort(byRankThenProgress);
      const picked = select(ranked);
      const evidence = withEvidence ? await this.evidenceOf(program, criteria, picked, at) : undefined;
      const people = await this.entries(picked);
      return picked.map((standing) => toStanding(program, criteria, { ...standing, evidence: evidence?.get(standing.employeeId) ?? null, employee: people(standing.employeeId) }, at.asOf, at.knownAt, at));
    });
  }

  /** The evidence of each of `standings` at a moment, a statement per `EVIDENCE_PER_STATEMENT` people. */
  private async evidenceOf(program: ProgramRecord, criteria: Criteria, standings: readonly Computed[], moment: FactMoment): Promise<Map<string, string[]>> {
    const evidence = new Map<string, string[]>();
    for (let start = 0; start < standings.length; start += EVIDENCE_PER_STATEMENT) {
      const ids = standings.slice(start, start + EVIDENCE_PER_STATEMENT).map((standing) => standing.employeeId);
      for (const counted of await countedStandingsOf(this.sql, program, criteria, ids, undefined, moment)) evidence.set(counted.employeeId, counted.evidence);
    }
    return evidence;
  }

  /**
   * Who changed between two moments and why (see `standingChanges`), their standings as at each moment: the facts
   * recorded by the later of the two, in memory, as two past moments are.
   */
  async changes(program: ProgramRecord, from: Moment, to: Moment, asked: ChangesAsked) {
    const now = this.clock.now();
    const [a, b] = [from, to].map((moment) => {
      const knownAt = moment.knownAt ?? now;
      return { knownAt, asOf: moment.asOf ?? knownAt };
    });
    const { history, changes } = await this.oneAtATime(async () => {
      const facts: Fact[] = [];
      for await (const page of factsKnownAt(this.sql, new Date(Math.max(a.knownAt.getTime(), b.knownAt.getTime())))) facts.push(...page);
      const recorded = await readCriteriaRecorded(this.sql, program.id);
      return { history: recorded, changes: await standingChanges(facts, program, recorded, a, b, asked) };
    });
    const [criteriaFrom, criteriaTo] = [criteriaAt(history, a.knownAt)?.criteria, criteriaAt(history, b.knownAt)?.criteria];
    const people = await this.entries(changes);
    return changes.map((change) => ({
      employeeId: change.employeeId,
      before: change.before && criteriaFrom ? toStanding(program, criteriaFrom, { ...change.before, employee: people(change.employeeId) }, a.asOf, a.knownAt) : null,
      after: change.after && criteriaTo ? toStanding(program, criteriaTo, { ...change.after, employee: people(change.employeeId) }, b.asOf, b.knownAt) : null,
      causes: change.causes,
    }));
  }

  /**
   * Every standing now under proposed criteria (a what-if). While no recorded fact is dated later than now: when the
   * proposal counts the same facts as the criteria in force (it moves thresholds, the cap, the rank metric or the
   * weights), its judgement of the metrics the read model keeps, with the points summed anew in the database if it
   * weighs otherwise; else every metric counted anew in the database. With a fact dated later, folded from the facts.
   */
  async preview(current: ProgramRecord, proposed: Criteria, withEvidence = true): Promise<Standing[]> {
    // Each standing's program is the program as it would be: its criteria are the proposal.
    const program: ProgramRecord = { ...current, proposed };
    const now = this.clock.now();
    const horizon = await readBusinessHorizon(this.sql);
    if (horizon && horizon > now) return this.standings(program, {}, { proposed, withEvidence });
    const assessments = await this.oneAtATime(
      async () => (await judgeKeptStandings(this.sql, program, proposed, withEvidence)) ?? (await countedStandings(this.sql, program, proposed, withEvidence)),
    );
    const people = await this.entries(assessments);
    return rankAssessments(assessments, proposed.maxWinners)
      .sort(byRankThenProgress)
      .map((standing) => toStanding(program, proposed, { ...standing, evidence: withEvidence ? standing.evidence : null, employee: people(standing.employeeId) }, now, now));
  }

  /** The directory's entry of each of these people, read at once: every standing names its employee. */
  private async entries(of: readonly { employeeId: string }[]): Promise<(employeeId: string) => Employee> {
    const entries = await directoryEntries(this.sql, of.map((standing) => standing.employeeId));
    return (employeeId) => {
      const entry = entries.get(employeeId);
      if (!entry) throw new Error(`A standing names ${employeeId}, whom the directory does not know`);
      return entry;
    };
  }

  /**
   * Computations from the facts run one after another in this process, however many requests ask for them: run side by
   * side they would queue their statements ahead of everyone else's (PGlite takes one at a time) and hold every set of
   * facts in memory at once, while one at a time leaves room between statements for the ordinary requests.
   * Nothing inside `work` may wait for another computation.
   */
  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.computing.then(work, work);
    this.computing = turn.catch(() => undefined);
    return turn;
  }

  /**
   * The read model's answer, when the moment asked about is now and no recorded fact is dated later; without the
   * evidence unless the filter asks for it (a computed answer always has it).
   */
  private async kept(program: ProgramRecord, moment: Moment, filter: CurrentStandingsFilter) {
    if (moment.asOf || moment.knownAt) return undefined;
    const now = this.clock.now();
    const horizon = await readBusinessHorizon(this.sql);
    if (horizon && horizon > now) return undefined;
    const criteria = await readCriteriaAt(this.sql, program.id, now);
    if (!criteria) return { nodes: [], totalCount: 0 };
    const { standings, totalCount } = await readCurrentStandings(this.sql, program.id, filter);
    return { nodes: standings.map((standing) => toStanding(program, criteria, standing, now, now)), totalCount };
  }
}

function byRankThenProgress(a: Computed, b: Computed): number {
  if (a.rank !== null || b.rank !== null) return (a.rank ?? Infinity) - (b.rank ?? Infinity);
  return b.progress - a.progress || (a.employeeId < b.employeeId ? -1 : 1);
}

/** The API's standing; `ownAt`, for one counted at a past moment, is where its won deals and quota are read. */
function toStanding(program: ProgramRecord, criteria: Criteria, standing: (Computed | KeptStanding) & { employee: Employee }, asOf: Date, knownAt: Date, ownAt: FactMoment | null = null): Standing {
  return {
    programId: program.id,
    program,
    rules: criteria,
    employeeId: standing.employeeId,
    criteriaVersion: standing.criteriaVersion,
    qualifies: standing.qualifies,
    rank: standing.rank,
    progress: standing.progress,
    score: standing.score,
    metrics: standing.metrics,
    thresholds: standing.thresholds,
    evidenceIds: standing.evidence,
    employee: standing.employee,
    cutoff: standing.cutoff,
    own: 'own' in standing && standing.own ? { wonDealIds: standing.own.wonDeals, quota: standing.own.quotaCents } : null,
    ownAt,
    asOf,
    knownAt,
  };
}
