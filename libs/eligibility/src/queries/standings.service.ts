import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@club-ledger/kernel';
import type { Criteria } from '@club-ledger/domain';
import { computeStandings, foldFacts, nearMisses, rankAssessments, type Standing as Computed } from '../engine';
import { countedStandings } from './counted-standings';
import { readCriteriaAt } from './criteria-at';
import { judgeKeptStandings, readBusinessHorizon, readCurrentStandings, type CurrentStandingsFilter, type KeptStanding } from './current-standings';
import { factsKnownAt } from './facts-at';
import { SQL_CLIENT } from '../storage/storage.module';
import type { ProgramRecord } from './program.queries';
import type { Standing } from './answers';

export interface Moment {
  asOf?: Date;
  knownAt?: Date;
}

/**
 * Standings of a program at any moment. "Now" is read from the standings read model, kept as events
 * arrive; a past moment (or a now that facts dated in the future have not reached yet) is computed:
 * the facts recorded by `knownAt`, folded to what was true at `asOf`, judged by the criteria in force
 * at `knownAt` (or by proposed criteria, for a preview). Ordered by rank, then by progress, then by id.
 */
@Injectable()
export class StandingsService {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async page(program: ProgramRecord, moment: Moment, page: { offset: number; limit: number; onlyQualified: boolean; withEvidence?: boolean }) {
    const kept = await this.kept(program, moment, page);
    if (kept) return kept;
    const all = (await this.standings(program, moment, { withEvidence: page.withEvidence })).filter((standing) => !page.onlyQualified || standing.qualifies);
    return { nodes: all.slice(page.offset, page.offset + page.limit), totalCount: all.length };
  }

  async qualifiers(program: ProgramRecord, moment: Moment, withEvidence = true): Promise<Standing[]> {
    const kept = await this.kept(program, moment, { onlyQualified: true, withEvidence });
    return kept ? kept.nodes : (await this.standings(program, moment, { withEvidence })).filter((standing) => standing.qualifies);
  }

  async nearMisses(program: ProgramRecord, moment: Moment, within: number, withEvidence = true): Promise<Standing[]> {
    const kept = await this.kept(program, moment, { nearMissWithin: within, withEvidence });
    return kept ? kept.nodes : nearMisses(await this.standings(program, moment, { withEvidence }), within);
  }

  async standing(program: ProgramRecord, moment: Moment, employeeId: string, withEvidence = true): Promise<Standing | null> {
    const kept = await this.kept(program, moment, { employeeId, withEvidence });
    const found = kept ? kept.nodes : (await this.standings(program, moment, { withEvidence })).filter((standing) => standing.employeeId === employeeId);
    return found[0] ?? null;
  }

  /**
   * Every standing of a program at a moment, computed from the facts (a past moment, winners, a preview), with the
   * evidence unless told it is not wanted (each person's credit ids, sorted by when they were given).
   */
  async standings(program: ProgramRecord, moment: Moment, { proposed, withEvidence = true }: { proposed?: Criteria; withEvidence?: boolean } = {}): Promise<Standing[]> {
    const knownAt = moment.knownAt ?? new Date();
    const asOf = moment.asOf ?? knownAt;
    const criteria = proposed ?? (await readCriteriaAt(this.sql, program.id, knownAt));
    if (!criteria) return [];
    const facts = await foldFacts(factsKnownAt(this.sql, knownAt), program, asOf);
    return computeStandings(facts, criteria, { evidence: withEvidence })
      .sort(byRankThenProgress)
      .map((standing) => toStanding(program.id, { ...standing, evidence: withEvidence ? standing.evidence : null }, asOf, knownAt));
  }

  /**
   * Every standing now under proposed criteria (a what-if). While no recorded fact is dated later than now: when the
   * proposal counts the same facts as the criteria in force (it moves thresholds, the cap, the rank metric or the
   * weights), its judgement of the metrics the read model keeps, with the points summed anew in the database if it
   * weighs otherwise; else every metric counted anew in the database. With a fact dated later, folded from the facts.
   */
  async preview(program: ProgramRecord, proposed: Criteria, withEvidence = true): Promise<Standing[]> {
    const now = new Date();
    const horizon = await readBusinessHorizon(this.sql);
    if (horizon && horizon > now) return this.standings(program, {}, { proposed, withEvidence });
    const assessments = (await judgeKeptStandings(this.sql, program, proposed, withEvidence)) ?? (await countedStandings(this.sql, program, proposed, withEvidence));
    return rankAssessments(assessments, proposed.maxWinners)
      .sort(byRankThenProgress)
      .map((standing) => toStanding(program.id, { ...standing, evidence: withEvidence ? standing.evidence : null }, now, now));
  }

  /**
   * The read model's answer, when the moment asked about is now and no recorded fact is dated later; without the
   * evidence unless the filter asks for it (a computed answer always has it).
   */
  private async kept(program: ProgramRecord, moment: Moment, filter: CurrentStandingsFilter) {
    if (moment.asOf || moment.knownAt) return undefined;
    const now = new Date();
    const horizon = await readBusinessHorizon(this.sql);
    if (horizon && horizon > now) return undefined;
    const { standings, totalCount } = await readCurrentStandings(this.sql, program.id, filter);
    return { nodes: standings.map((standing) => toStanding(program.id, standing, now, now)), totalCount };
  }
}

function byRankThenProgress(a: Computed, b: Computed): number {
  if (a.rank !== null || b.rank !== null) return (a.rank ?? Infinity) - (b.rank ?? Infinity);
  return b.progress - a.progress || (a.employeeId < b.employeeId ? -1 : 1);
}

function toStanding(programId: string, standing: Computed | KeptStanding, asOf: Date, knownAt: Date): Standing {
  return {
    programId,
    employeeId: standing.employeeId,
    criteriaVersion: standing.criteriaVersion,
    qualifies: standing.qualifies,
    rank: standing.rank,
    progress: standing.progress,
    score: standing.score,
    metrics: standing.metrics,
    thresholds: standing.thresholds,
    evidenceIds: standing.evidence,
    asOf,
    knownAt,
  };
}
