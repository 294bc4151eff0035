import { refusal } from '../graphql/refusal';

/**
 * The requests each caller has running that compute from the facts. One more than `perCaller` is refused at once
 * rather than queued: a queue would hold the caller's connection and memory just the same.
 */
export class HeavyOperations {
  private readonly running = new Map<string, number>();

  constructor(private readonly perCaller: number) {}

  /** Counts the caller in, or refuses with RATE_LIMITED; the answer counts them out, once however often it is called. */
  enter(caller: string): () => void {
    const count = this.running.get(caller) ?? 0;
    if (count >= this.perCaller) {
      throw refusal(
        `You already have ${count} requests computing past moments, previews or near misses; at most ${this.perCaller} run at once (HEAVY_OPERATIONS_PER_CALLER): try again when one has answered`,
        { code: 'RATE_LIMITED', http: { status: 429 } },
      );
    }
    this.running.set(caller, count + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (this.running.get(caller) ?? 1) - 1;
      if (remaining > 0) this.running.set(caller, remaining);
      else this.running.delete(caller);
    };
  }
}
