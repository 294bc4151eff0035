import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, SqlClient } from '@club-ledger/kernel';
import type { DeliveryChannel, Sender } from '../channels/channel';
import { backoffMs } from './backoff';

/** What became of one attempt, for the metrics: sent, to be tried again, or given up on. */
export type DeliveryOutcome = 'DELIVERED' | 'RETRY' | 'FAILED';

export interface DeliveryWorkerOptions {
  sql: SqlClient;
  /** The configured senders; a channel without one fails its deliveries (kept, and retried on request). */
  senders: Partial<Record<DeliveryChannel, Sender>>;
  clock: Clock;
  /** Attempts before a delivery is FAILED (DELIVERY_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs?: number;
  /** The wait after the first failure, doubled after each next one up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Deliveries taken at once. */
  batchSize?: number;
  /** How often an idle worker looks for due deliveries. */
  pollMs?: number;
  onOutcome?(channel: DeliveryChannel, outcome: DeliveryOutcome): void;
  onError?(error: unknown): void;
}

interface Taken {
  id: string;
  channel: DeliveryChannel;
  address: string;
  attempts: number;
  text: string;
  link: string | null;
}

/**
 * Sends the outbox: at least once, each delivery taken under a lease (its next attempt moved past the attempt's
 * timeout before sending), so a process killed mid-send leaves it due again, never lost; several workers on one
 * database take different deliveries. A failure is tried again after an exponential backoff, and kept as FAILED
 * after `maxAttempts`.
 */
export class DeliveryWorker {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private readonly timeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    for (const sender of Object.values(this.options.senders)) sender?.close?.();
  }

  /** Sends every delivery due now, a batch at a time as taken; answers how many were attempted. */
  async deliverDue(): Promise<number> {
    const taken = await this.take();
    await Promise.all(taken.map((delivery) => this.attempt(delivery)));
    return taken.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const attempted = await this.deliverDue().catch((error: unknown) => {
        this.options.onError?.(error);
        return 0;
      });
      if (attempted === 0) await sleep(this.options.pollMs ?? 500, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private take(): Promise<Taken[]> {
    const now = this.options.clock.now();
    // The lease outlasts the attempt: until it runs out no other worker takes the delivery, and after it one does.
    const leaseEnds = new Date(now.getTime() + 2 * this.timeoutMs);
    return this.options.sql.transaction((tx) =>
      tx.query<Taken>(
        `WITH due AS (
           SELECT id FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= $1::timestamptz
            ORDER BY next_attempt_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         UPDATE deliveries d SET attempts = d.attempts + 1, last_attempt_at = $1::timestamptz, next_attempt_at = $2::timestamptz
           FROM due, notifications n
          WHERE d.id = due.id AND n.id = d.notification_id
         RETURNING d.id, d.channel, d.address, d.attempts, n.text, n.link`,
        [now.toISOString(), leaseEnds.toISOString(), this.options.batchSize ?? 20],
      ),
    );
  }

  private async attempt(delivery: Taken): Promise<void> {
    const sender = this.options.senders[delivery.channel];
    try {
      if (!sender) throw new Error(`The ${delivery.channel} channel is not configured`);
      await sender.send({ address: delivery.address, text: delivery.text, link: delivery.link }, this.timeoutMs);
      await this.options.sql.query(`UPDATE deliveries SET status = 'DELIVERED', last_error = NULL WHERE id = $1`, [delivery.id]);
      this.options.onOutcome?.(delivery.channel, 'DELIVERED');
    } catch (error) {
      const outcome: DeliveryOutcome = delivery.attempts >= this.options.maxAttempts ? 'FAILED' : 'RETRY';
      const next = new Date(this.options.clock.now().getTime() + backoffMs(delivery.attempts, this.baseDelayMs, this.maxDelayMs));
      await this.options.sql.query(
        `UPDATE deliveries SET status = CASE WHEN $2 THEN 'FAILED' ELSE 'PENDING' END, last_error = $3, next_attempt_at = $4::timestamptz WHERE id = $1`,
        [delivery.id, outcome === 'FAILED', describe(error), next.toISOString()],
      );
      this.options.onOutcome?.(delivery.channel, outcome);
    }
  }
}

/** Why an attempt failed, in a line. Read by shape: an aborted fetch's DOMException may come from another realm. */
function describe(error: unknown): string {
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
  const said = typeof message === 'string' ? message : String(error);
  return (name === 'TimeoutError' ? `timed out: ${said}` : said).slice(0, 500);
}
