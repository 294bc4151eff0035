import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@club-ledger/kernel';
import type { Criteria } from '@club-ledger/domain';
import { computeStandings, foldFacts, readCriteriaAt, readFactsKnownAt, type Standing as Computed } from '@club-ledger/eligibility';
import { SQL_CLIENT } from '../storage/storage.module';
import type { ProgramRecord } from './program.queries';
import type { Standing } from './standing.types';

export interface Moment {
  asOf?: Date;
  knownAt?: Date;
}

/**
 * Standings of a program at any moment: the facts recorded by `knownAt`, folded to what was true at
 * `asOf`, judged by the criteria in force at `knownAt` (or by proposed criteria, for a preview).
 * Ordered by rank, then by progress, then by id.
 */
@Injectable()
export class StandingsService {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async standings(
    program: ProgramRecord,
    moment: Moment,
    proposed?: Criteria,
  ): Promise<Standing[]> {
    const knownAt = moment.knownAt ?? new Date();
    const asOf = moment.asOf ?? knownAt;
    const criteria = proposed ?? (await readCriteriaAt(this.sql, program.id, knownAt));
    if (!criteria) return [];
    const facts = foldFacts(await readFactsKnownAt(this.sql, knownAt), program, asOf);
    return computeStandings(facts, criteria)
      .sort(byRankThenProgress)
      .map((standing) => toStanding(program.id, standing, asOf, knownAt, criteria));
  }
}

function byRankThenProgress(a: Computed, b: Computed): number {
  if (a.rank !== null || b.rank !== null) return (a.rank ?? Infinity) - (b.rank ?? Infinity);
  return b.progress - a.progress || (a.employeeId < b.employeeId ? -1 : 1);
}

function toStanding(programId: string, standing: Computed, asOf: Date, knownAt: Date, criteria: Criteria): Standing {
  return {
    programId,
    employeeId: standing.employeeId,
    criteriaVersion: criteria.version,
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
