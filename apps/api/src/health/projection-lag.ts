import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { APP_CONFIG, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { loadCheckpoint, type ProjectionStatus, Projector, SQL_CLIENT } from '@club-ledger/eligibility';

export interface ProjectionLagStatus extends ProjectionStatus {
  /** Events in the store this projection has yet to pass, counted up to the cap asked for. */
  lag: number;
}

/**
 * How far each projection is behind the event store, in events. Counted by reading the feed after the projection's
 * position rather than by subtracting positions: EventStoreDB's positions are packed log offsets, not event numbers,
 * and its head moves with system events no projection sees. The count stops at a cap, so a probe stays cheap.
 */
@Injectable()
export class ProjectionLag {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Where each projection stands: this process's runners, or the checkpoints of the standalone projector (PROJECTOR=off). */
  async positions(): Promise<ProjectionStatus[]> {
    const own = this.projector.status();
    if (this.config.projector) return own;
    return Promise.all(own.map(async ({ name }) => ({ name, position: await loadCheckpoint(this.sql, name) })));
  }

  /** Each projection's position and lag; a lag over `cap` is reported as `cap`. */
  async lags(cap: number): Promise<ProjectionLagStatus[]> {
    const [head, positions] = await Promise.all([this.store.headPosition(), this.positions()]);
    return Promise.all(
      positions.map(async (status) => ({ ...status, lag: head <= status.position ? 0 : await this.eventsAfter(status.position, cap) })),
    );
  }

  private async eventsAfter(position: bigint, cap: number): Promise<number> {
    let count = 0;
    // From the projection's own last event, inclusive: a position every store accepts, unlike one past it.
    for await (const event of this.store.readAll({ fromPosition: position, maxCount: cap + 1 })) {
      if (event.position > position) count += 1;
    }
    return Math.min(count, cap);
  }
}
