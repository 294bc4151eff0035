import type { SqlExecutor } from '@club-ledger/kernel';
import { cutoffFor, missedBy, NEAR_MISS_WITHIN, nearMissLine } from '../engine/cutoff';
import { readKeptCutoff } from './current-standings';

/** Where someone stands in a program as people are told of it: they qualify, they are a near miss, or neither. */
export type StandingPlace = 'QUALIFIED' | 'NEAR_MISS' | 'NONE';

type PlacedTuple = [employeeId: string, qualifies: boolean, rank: number | null, progress: number, score: number, active: boolean];

/**
 * The places of these people in a program's kept standings (everyone's when null), judged by the near-miss rule itself
 * (`missedBy`, at the app's default margin), and the program's last winning value (null when no cap bites). Also
 * placed: whoever meets every threshold without qualifying, since a cutoff that moves makes or unmakes their near miss
 * without changing their own standing; not when the caller placed them last at the same cutoff (`placedAt`), which
 * leaves them where they were, and, of a cutoff that moved, only those it places otherwise. Someone not read has no standing, and no place.
 */
export async function standingPlaces(
  sql: SqlExecutor,
  programId: string,
  employeeIds: readonly string[] | null,
  placedAt?: number | null,
): Promise<{ places: Map<string, StandingPlace>; cutoff: number | null }> {
  const { place, requireActive } = await readKeptCutoff(sql, programId);
  const cutoff = place?.value ?? null;
  // A cutoff that moved between two values changes the place only of those whose value lies between the near-miss lines
  // of the two; one that came or went, of everyone who meets every threshold.
  const lines = placedAt === undefined || placedAt === null || cutoff === null ? [] : [placedAt, cutoff].map((value) => nearMissLine(value, NEAR_MISS_WITHIN));
  // One JSON document, as `readCurrentStandings` reads them.
  const [{ kept }] = await sql.query<{ kept: string }>(
    `SELECT coalesce(json_agg(json_build_array(s.employee_id, s.qualifies, s.rank, s.progress, s.score, e.active)), '[]')::text AS kept
       FROM standings s JOIN employees e ON e.id = s.employee_id
      WHERE s.program_id = $1
        AND ($2::text[] IS NULL OR s.employee_id = ANY ($2::text[])
             OR ($3::boolean AND NOT s.qualifies AND s.progress >= 1 AND ($4::float8 IS NULL OR (s.score >= $4::float8 AND s.score < $5::float8))))`,
    [programId, employeeIds, placedAt !== cutoff, lines.length > 0 ? Math.min(...lines) : null, lines.length > 0 ? Math.max(...lines) : null],
  );
  const places = new Map<string, StandingPlace>();
  for (const [employeeId, qualifies, rank, progress, score, active] of JSON.parse(kept) as PlacedTuple[]) {
    const standing = { employeeId, qualifies, rank, progress, score, contending: !requireActive || active, cutoff: cutoffFor(place, score) };
    places.set(employeeId, qualifies ? 'QUALIFIED' : missedBy(standing, NEAR_MISS_WITHIN) === null ? 'NONE' : 'NEAR_MISS');
  }
  return { places, cutoff };
}
