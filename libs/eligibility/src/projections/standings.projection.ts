import { isDeepStrictEqual } from 'node:util';
import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { AwardProgramEvent, DealEvent, EmployeeEvent, QuotaEvent } from '@club-ledger/domain';
import type { Assessment } from '../engine/standings';
import { judgeKeptStandings } from '../queries/current-standings';
import type { AfterCommit, Projection } from '../projector';
import { countedStandingsOf, EVIDENCE_PER_STATEMENT } from '../queries/counted-standings';
import { programsInForce, type ProgramInForce } from './standing-facts';
import { notifyOtherProcesses, type StandingsChanged, type StandingsListener } from './standings-notify';

type Projected = (AwardProgramEvent | DealEvent | EmployeeEvent | QuotaEvent) & Omit<DecodedEvent, 'type' | 'data'>;

/** Programs to recompute whole, employees to recompute in every program, and the latest business time named. */
interface Concerned {
  programs: Set<string>;
  employees: Set<string>;
  deals: Set<string>;
  credits: Set<string>;
  latest: string | null;
}

/**
 * The standing of every audience member in every program under the criteria in force. A batch recomputes
 * only the people its events concern (the contributor of a credit, the owner and contributors of a deal
 * that closed or reopened, an employee who changed), and a whole program when its criteria change; ranks
 * are then reassigned in one set-based statement. Runs after the directory, deals, quotas and programs
 * parts of the same projection, so it reads them at exactly this batch's position.
 */
export function standingsProjection(onChanged: StandingsListener = () => undefined): Projection {
  return {
    name: 'standings',
    handles: [
      'EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded', 'QuotaSet',
      'DealClosedWon', 'DealClosedLost', 'DealReopened', 'ContributionCredited', 'CreditRetracted', 'CreditRestored',
      'AwardProgramDrafted', 'CriteriaRevised',
    ],
    // Reads the other parts' tables, which it is composed with, and keeps these.
    tables: ['standings', 'standing_ranks', 'business_horizon'],
    // Every rank a credit moves rewrites a standing and its place.
    rewrittenOften: ['standings', 'standing_ranks'],
    async apply(events, tx, options) {
      const concerned = concernedBy(events as unknown as readonly Projected[]);
      if (concerned.latest) await advanceHorizon(tx, concerned.latest);
      // A catch-up recomputes every program once at its end (`settle`) instead of the same people batch after batch.
      if (options?.catchingUp) return;
      const programs = await programsInForce(tx);
      if (programs.length === 0) return;
      const employees = await employeesConcerned(tx, concerned);
      const at = events[events.length - 1].position;
      const changes: StandingsChanged[] = [];
      for (const program of programs) {
        const whole = concerned.programs.has(program.id);
        if (!whole && employees.length === 0) continue;
        const { changed: recomputed, rankingMoved } = whole
          ? { changed: await revisedWhole(tx, program, employees, at), rankingMoved: true }
          : await recomputePeople(tx, program, employees, at);
        // Ranks depend only on the eligible: a batch that moved none of them leaves every rank where it was.
        const reranked = rankingMoved ? await rerank(tx, program, whole ? null : employees) : [];
        changes.push(...changed(program, recomputed, reranked));
      }
      return announce(tx, changes, onChanged);
    },
    async settle(tx, at) {
      const changes: StandingsChanged[] = [];
      for (const program of await programsInForce(tx)) {
        changes.push(...changed(program, await recomputeWhole(tx, program, at), await rerank(tx, program, null)));
      }
      // The settle analyzed its tables before these standings existed: every read of them after (ranks, pages,
      // qualifiers) would be planned for a table of no rows.
      await tx.query(`ANALYZE standings, standing_ranks`);
      return announce(tx, changes, onChanged);
    },
  };
}

function changed(program: ProgramInForce, recomputed: readonly string[], reranked: readonly string[]): StandingsChanged[] {
  const employeeIds = [...new Set([...recomputed, ...reranked])];
  return employeeIds.length > 0 ? [{ programId: program.id, employeeIds }] : [];
}

/** Tells other processes (delivered at commit) and, once committed, this one. */
async function announce(tx: SqlExecutor, changes: readonly StandingsChanged[], onChanged: StandingsListener): Promise<AfterCommit> {
  if (changes.length > 0) await notifyOtherProcesses(tx, changes);
  return () => {
    if (changes.length > 0) onChanged(changes);
  };
}

function concernedBy(events: readonly Projected[]): Concerned {
  const concerned: Concerned = { programs: new Set(), employees: new Set(), deals: new Set(), credits: new Set(), latest: null };
  const dated = (instant: string) => {
    if (concerned.latest === null || Date.parse(instant) > Date.parse(concerned.latest)) concerned.latest = instant;
  };
  for (const event of events) {
    switch (event.type) {
      case 'EmployeeRegistered':
      case 'QuotaSet':
        concerned.employees.add(event.data.employeeId);
        break;
      case 'EmployeeChanged':
      case 'EmployeeOffboarded':
        concerned.employees.add(event.data.employeeId);
        dated(event.metadata.occurredAt);
        break;
      case 'DealClosedWon':
      case 'DealClosedLost':
        concerned.deals.add(event.data.dealId);
        dated(`${event.data.closedOn}T00:00:00.000Z`);
        break;
      case 'DealReopened':
        concerned.deals.add(event.data.dealId);
        dated(event.metadata.occurredAt);
        break;
      case 'ContributionCredited':
        concerned.employees.add(event.data.contributorId);
        break;
      case 'CreditRetracted':
      case 'CreditRestored':
        concerned.credits.add(event.data.creditId);
        break;
      case 'AwardProgramDrafted':
      case 'CriteriaRevised':
        concerned.programs.add(event.data.programId);
        break;
      case 'DealOpened':
      case 'NotificationSettingsChanged':
      case 'AwardProgramOpened':
      case 'AwardProgramFinalized':
        break;
      default: {
        const unknown: never = event;
        throw new Error(`Unhandled event ${JSON.stringify(unknown)}`);
      }
    }
  }
  return concerned;
}

/** The employees named by the events, plus the owners and contributors of the deals and credits they name. */
async function employeesConcerned(tx: SqlExecutor, concerned: Concerned): Promise<string[]> {
  const ids = new Set(concerned.employees);
  if (concerned.deals.size > 0 || concerned.credits.size > 0) {
    const rows = await tx.query<{ id: string }>(
      `SELECT owner_id AS id FROM deals WHERE id = ANY($1::text[])
       UNION SELECT contributor_id FROM credits WHERE deal_id = ANY($1::text[]) OR id = ANY($2::text[])`,
      [[...concerned.deals], [...concerned.credits]],
    );
    for (const row of rows) ids.add(row.id);
  }
  return [...ids];
}

function advanceHorizon(tx: SqlExecutor, latest: string) {
  return tx.query(
    `INSERT INTO business_horizon (latest) VALUES ($1::timestamptz)
     ON CONFLICT (singleton) DO UPDATE SET latest = GREATEST(business_horizon.latest, excluded.latest)`,
    [latest],
  );
}

/**
 * Recomputes the program's audience, and drops the standings of those who left it, every metric counted in the
 * database (`recomputePeople`): a draft, a revision that counts anew, and the end of a catch-up judge the whole year
 * without reading it into JavaScript. The credits of people outside the audience are never read.
 */
async function recomputeWhole(tx: SqlExecutor, program: ProgramInForce, at: bigint): Promise<string[]> {
  const ids = (
    await tx.query<{ id: string }>(
      `SELECT id FROM employees WHERE cardinality($2::text[]) = 0 OR department = ANY($2::text[])
       UNION SELECT employee_id FROM standings WHERE program_id = $1
       ORDER BY id`,
      [program.id, program.audienceDepartments],
    )
  ).map((row) => row.id);
  return (await recomputePeople(tx, program, ids, at)).changed;
}

/**
 * Recomputes some people, a chunk at a time (each person's standing depends only on their own facts and deals), each
 * counted in the database with their evidence (`countedStandingsOf`), as a replay of the facts would judge them.
 */
async function recomputePeople(tx: SqlExecutor, program: ProgramInForce, employeeIds: readonly string[], at: bigint): Promise<{ changed: string[]; rankingMoved: boolean }> {
  const changed: string[] = [];
  let rankingMoved = false;
  for (let start = 0; start < employeeIds.length; start += EVIDENCE_PER_STATEMENT) {
    const chunk = employeeIds.slice(start, start + EVIDENCE_PER_STATEMENT);
    const recomputed = await recompute(tx, program, await countedStandingsOf(tx, program, program.criteria, chunk), chunk, at);
    changed.push(...recomputed.changed);
    rankingMoved ||= recomputed.rankingMoved;
  }
  return { changed, rankingMoved };
}

/**
 * A program drafted or revised in this batch. A revision that counts the same credits and deals (it moves thresholds,
 * the cap, the rank metric or the weights) leaves every metric but the points as kept, so the standings are judged
 * again on them without reading a fact into JavaScript, the points summed anew in SQL if the weights moved (then the
 * people this batch concerns are recomputed from theirs); anything else, or standings not all of one version (just
 * drafted, a revision not applied yet), is recomputed whole.
 */
async function revisedWhole(tx: SqlExecutor, program: ProgramInForce, concerned: string[], at: bigint): Promise<string[]> {
  const rejudged = await judgeKeptStandings(tx, program, program.criteria, false);
  if (!rejudged) return recomputeWhole(tx, program, at);
  // The evidence stays as it is; each standing now names the new version, so every one changed.
  const changed = (
    await tx.query<{ employee_id: string }>(
      `UPDATE standings s SET criteria_version = (j->>'criteriaVersion')::int, eligible = (j->>'eligible')::boolean,
              progress = (j->>'progress')::float8, score = (j->>'score')::float8, tie_break = (j->>'tieBreak')::float8,
              metrics = j->'metrics', thresholds = j->'thresholds', computed_at = $3::numeric
         FROM jsonb_array_elements($2::jsonb) AS j
        WHERE s.program_id = $1 AND s.employee_id = j->>'employeeId'
       RETURNING s.employee_id`,
      [program.id, JSON.stringify(rejudged.map(({ evidence: _evidence, ...judged }) => judged)), at.toString()],
    )
  ).map((row) => row.employee_id);
  if (concerned.length === 0) return changed;
  return [...new Set([...changed, ...(await recomputePeople(tx, program, concerned, at)).changed])];
}

type Kept = Omit<Assessment, 'employeeId' | 'contending' | 'own'>;

/**
 * Writes the assessments of `employeeIds` and drops those of them no longer in the audience;
 * returns whose standing changed, and whether anyone eligible for a rank came, went or moved.
 */
async function recompute(
  tx: SqlExecutor,
  program: ProgramInForce,
  assessments: readonly Assessment[],
  employeeIds: readonly string[],
  at: bigint,
): Promise<{ changed: string[]; rankingMoved: boolean }> {
  const before = new Map(
    (
      await tx.query<{ employee_id: string; criteria_version: number; eligible: boolean; progress: number; score: number; tie_break: number; metrics: Kept['metrics']; thresholds: Kept['thresholds']; evidence: string[] }>(
        `SELECT employee_id, criteria_version, eligible, progress, score, tie_break, metrics, thresholds, evidence
           FROM standings WHERE program_id = $1 AND employee_id = ANY($2::text[])`,
        [program.id, employeeIds],
      )
    ).map((row) => [row.employee_id, { criteriaVersion: row.criteria_version, eligible: row.eligible, progress: row.progress, score: row.score, tieBreak: row.tie_break, metrics: row.metrics, thresholds: row.thresholds, evidence: row.evidence } satisfies Kept]),
  );
  if (assessments.length > 0) {
    await tx.query(
      `INSERT INTO standings (program_id, employee_id, criteria_version, eligible, progress, score, tie_break, metrics, thresholds, evidence, computed_at)
       SELECT $1, s->>'employeeId', (s->>'criteriaVersion')::int, (s->>'eligible')::boolean, (s->>'progress')::float8,
              (s->>'score')::float8, (s->>'tieBreak')::float8, s->'metrics', s->'thresholds', s->'evidence', $3::numeric
         FROM jsonb_array_elements($2::jsonb) AS s
       ON CONFLICT (program_id, employee_id) DO UPDATE SET
         criteria_version = excluded.criteria_version, eligible = excluded.eligible, progress = excluded.progress,
         score = excluded.score, tie_break = excluded.tie_break, metrics = excluded.metrics,
         thresholds = excluded.thresholds, evidence = excluded.evidence, computed_at = excluded.computed_at`,
      [program.id, JSON.stringify(assessments), at.toString()],
    );
  }
  const kept = assessments.map((assessment) => assessment.employeeId);
  await tx.query(
    `DELETE FROM standings WHERE program_id = $1 AND employee_id = ANY($2::text[]) AND NOT (employee_id = ANY($3::text[]))`,
    [program.id, employeeIds, kept],
  );
  const keptIds = new Set(kept);
  const rankingMoved =
    assessments.some(({ employeeId, eligible, score, tieBreak }) => {
      const was = before.get(employeeId);
      return (eligible || was?.eligible) && (was?.eligible !== eligible || was.score !== score || was.tieBreak !== tieBreak);
    }) || [...before].some(([employeeId, was]) => was.eligible && !keptIds.has(employeeId));
  const changed = assessments
    .filter(({ employeeId, contending: _contending, own: _own, ...now }) => !isDeepStrictEqual(before.get(employeeId), now))
    .map((assessment) => assessment.employeeId);
  return { changed, rankingMoved };
}

/**
 * Ranks the eligible by score, tie-break, then id (byte order, as the engine compares ids); returns whose rank or
 * qualification moved. The eligible's order is kept narrow (`standing_ranks`): first brought up to date with the
 * standings of `employeeIds` (null: the whole program's), then read whole in rank order from its index; only the places
 * that moved are written, there and in the standings, and those no longer eligible lose theirs.
 */
async function rerank(tx: SqlExecutor, program: ProgramInForce, employeeIds: readonly string[] | null): Promise<string[]> {
  const [{ unranked }] = await tx.query<{ unranked: string[] | null }>(
    `WITH gone AS (
            DELETE FROM standing_ranks r
             WHERE r.program_id = $1 AND ($2::text[] IS NULL OR r.employee_id = ANY ($2::text[]))
               AND NOT EXISTS (SELECT 1 FROM standings s WHERE s.program_id = r.program_id AND s.employee_id = r.employee_id AND s.eligible)
            RETURNING r.employee_id),
          placed AS (
            INSERT INTO standing_ranks (program_id, employee_id, score, tie_break, rank, qualifies)
            SELECT program_id, employee_id, score, tie_break, rank, qualifies FROM standings
             WHERE program_id = $1 AND eligible AND ($2::text[] IS NULL OR employee_id = ANY ($2::text[]))
            ON CONFLICT (program_id, employee_id) DO UPDATE SET score = excluded.score, tie_break = excluded.tie_break)
     SELECT array_agg(employee_id) AS unranked FROM gone`,
    [program.id, employeeIds],
  );
  const moved = await tx.query<{ employee_id: string; rank: number | null; qualifies: boolean }>(
    `SELECT employee_id, rank, qualifies FROM (
       SELECT employee_id, was_ranked, was_qualified, rank, $2::int IS NULL OR rank <= $2::int AS qualifies
         FROM (SELECT employee_id, rank AS was_ranked, qualifies AS was_qualified,
                      row_number() OVER (ORDER BY score DESC, tie_break DESC, employee_id COLLATE "C")::int AS rank
                 FROM standing_ranks WHERE program_id = $1) AS ranked) AS placed
     WHERE was_ranked IS DISTINCT FROM rank OR was_qualified IS DISTINCT FROM qualifies`,
    [program.id, program.criteria.maxWinners],
  );
  if (moved.length === 0 && unranked === null) return [];
  const [{ changed }] = await tx.query<{ changed: string[] | null }>(
    `WITH m AS (SELECT * FROM unnest($2::text[], $3::int[], $4::boolean[]) AS m(employee_id, rank, qualifies)),
          places AS (UPDATE standing_ranks r SET rank = m.rank, qualifies = m.qualifies FROM m
                      WHERE r.program_id = $1 AND r.employee_id = m.employee_id),
          ranked AS (UPDATE standings s SET rank = m.rank, qualifies = m.qualifies FROM m
                      WHERE s.program_id = $1 AND s.employee_id = m.employee_id RETURNING s.employee_id),
          unranked AS (UPDATE standings s SET rank = NULL, qualifies = false
                        WHERE s.program_id = $1 AND s.employee_id = ANY ($5::text[]) AND (s.rank IS NOT NULL OR s.qualifies)
                        RETURNING s.employee_id)
     SELECT array_agg(employee_id) AS changed FROM (SELECT employee_id FROM ranked UNION ALL SELECT employee_id FROM unranked) AS written`,
    [program.id, moved.map((row) => row.employee_id), moved.map((row) => row.rank), moved.map((row) => row.qualifies), unranked ?? []],
  );
  return changed ?? [];
}
