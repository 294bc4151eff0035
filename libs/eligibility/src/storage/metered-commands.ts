import type { CommandRunner } from '@club-ledger/domain';
import type { EventCatalog, EventStore } from '@club-ledger/event-store';

/** Provided by an app that meters the commands it runs (the API); without it, commands run unmetered. */
export abstract class MeteredCommands {
  abstract runner(store: EventStore, catalog: EventCatalog, now: () => Date): CommandRunner;
}
