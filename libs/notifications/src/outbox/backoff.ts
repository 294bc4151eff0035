/** The wait before the next attempt after `attempts` failed ones: doubling from `baseMs`, never over `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
