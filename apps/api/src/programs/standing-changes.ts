import { EventEmitter, on } from 'node:events';
import type { StandingsChanged } from '@club-ledger/eligibility';

/**
 * Whose standings changed, per program, as the projector commits them: the source of `standingChanged`.
 * In-process: it hears the projector that runs inside this API (PROJECTOR=on).
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
