import { EventEmitter, on } from 'node:events';
import type { PostgresClient } from '@club-ledger/kernel';
import { standingsChannel, type StandingsChanged } from '../projections';

/**
 * Whose standings changed, per program, as the projector commits them: the source of `standingChanged`.
 * It hears the projector that runs inside this API (PROJECTOR=on), or, with PROJECTOR=off, the standalone
 * projector's notifications through PostgreSQL (see `listenForStandingChanges`).
 */
export class StandingChanges {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  readonly publish = (changes: readonly StandingsChanged[]): void => {
    for (const change of changes) this.emitter.emit(change.programId, change.employeeIds);
  };

  /** Listens from the moment it is called: each item holds the employee ids of one committed batch. */
  watch(programId: string): AsyncIterableIterator<[string[]]> {
    return on(this.emitter, programId) as AsyncIterableIterator<[string[]]>;
  }

  /** How many subscriptions watch a program. */
  watchers(programId: string): number {
    return this.emitter.listenerCount(programId);
  }
}

/** Publishes what a standalone projector announces on the read models' schema; resolves once listening. */
export function listenForStandingChanges(sql: PostgresClient, changes: StandingChanges): Promise<{ close(): Promise<void> }> {
  return sql.listen(standingsChannel(sql.schema), (payload) => {
    const change = JSON.parse(payload) as StandingsChanged;
    changes.publish([change]);
  });
}
