/** The last winning place of a capped program, its rank-metric value, and how far one standing is behind it. */
export interface Cutoff {
  rank: number;
  value: number;
  behind: number;
}

/** What a standing needs for its cutoff and for the near-miss rule. */
export interface Placed {
  employeeId: string;
  qualifies: boolean;
  rank: number | null;
  progress: number;
  score: number;
  /** In the audience and active if the criteria require it: could still qualify. */
  contending: boolean;
  cutoff: Cutoff | null;
}

/**
 * The last winning place, when a cap admits fewer than those who meet everything but the cap (someone is ranked
 * past it); none otherwise. `valueAtCap` is the rank-metric value of whoever holds that place.
 */
export function lastWinningPlace(maxWinners: number | null, rankedPastCap: boolean, valueAtCap: number | null): Omit<Cutoff, 'behind'> | null {
  if (maxWinners === null || !rankedPastCap || valueAtCap === null) return null;
  return { rank: maxWinners, value: valueAtCap };
}

/** How far a standing of `score` is behind the last winning place: never less than nothing. */
export const cutoffFor = (place: Omit<Cutoff, 'behind'> | null, score: number): Cutoff | null =>
  place === null ? null : { ...place, behind: Math.max(0, place.value - score) };

/** The margin within which someone is close unless asked otherwise: `nearMisses(within:)`'s default, and the NEAR_MISS notification's. */
export const NEAR_MISS_WITHIN = 0.1;

/**
 * By how little a standing misses, as a fraction, when it is a near miss: someone who could still qualify but does
 * not, with some threshold unmet and progress ≥ 1 − within (missing 1 − progress), or every threshold met, outside
 * the cap, and a rank-metric value ≥ cutoff × (1 − within) (missing (cutoff − value) ÷ cutoff). Null otherwise.
 */
export function missedBy(standing: Placed, within: number): number | null {
  if (standing.qualifies || !standing.contending) return null;
  // Progress is the least of the thresholds' (each at most 1): below 1 exactly when some threshold is unmet.
  if (standing.progress < 1) return standing.progress >= 1 - within ? 1 - standing.progress : null;
  const cutoff = standing.cutoff;
  if (cutoff === null || standing.score < nearMissLine(cutoff.value, within)) return null;
  return cutoff.value === 0 ? 0 : cutoff.behind / cutoff.value;
}

/** The least rank-metric value of a near miss who meets every threshold, under a cutoff of `value`. */
export const nearMissLine = (value: number, within: number) => value * (1 - within);

/** The near misses, those who miss by least first; then in rank order, the unranked last, then by id. */
export function nearMisses<S extends Placed>(standings: readonly S[], within: number): S[] {
  return standings
    .flatMap((standing) => {
      const gap = missedBy(standing, within);
      return gap === null ? [] : [{ standing, gap }];
    })
    .sort((a, b) => a.gap - b.gap || (a.standing.rank ?? Infinity) - (b.standing.rank ?? Infinity) || (a.standing.employeeId < b.standing.employeeId ? -1 : 1))
    .map((entry) => entry.standing);
}
