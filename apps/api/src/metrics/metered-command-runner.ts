import { Injectable } from '@nestjs/common';
import { CommandRejected, CommandRunner, type CommandContext, type Decider, type Decision } from '@club-ledger/domain';
import { EventStoreUnavailableError, type DomainEvent, type EventCatalog, type EventStore, type StreamStore } from '@club-ledger/event-store';
import { MeteredCommands } from '@club-ledger/eligibility';
import { Metrics } from './metrics';

/** Gives the storage module the API's metered runner. */
@Injectable()
export class ApiMeteredCommands extends MeteredCommands {
  constructor(private readonly metrics: Metrics) {
    super();
  }

  runner(store: EventStore, catalog: EventCatalog, now: () => Date): CommandRunner {
    return new MeteredCommandRunner(store, catalog, this.metrics, now);
  }
}

/**
 * The CommandRunner every handler uses, counted and timed by command type and outcome at the API's edge, so that
 * the domain stays free of metrics. The commands it runs are the deciders' commands, each with its `type`.
 */
export class MeteredCommandRunner extends CommandRunner {
  constructor(
    store: EventStore,
    catalog: EventCatalog,
    private readonly metrics: Metrics,
    now?: () => Date,
  ) {
    super(countingAppends(store, metrics), catalog, now);
  }

  override async run<Command, Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CommandContext,
  ): Promise<Decision<State>> {
    const type = commandType(command);
    const stopTimer = this.metrics.commandSeconds.startTimer({ command: type });
    try {
      const decision = await super.run(stream, decider, command, context);
      this.metrics.commands.inc({ command: type, outcome: 'ok' });
      return decision;
    } catch (error) {
      this.metrics.commands.inc({ command: type, outcome: outcomeOf(error) });
      throw error;
    } finally {
      stopTimer();
    }
  }
}

function commandType(command: unknown): string {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'unknown';
}

function outcomeOf(error: unknown): string {
  if (error instanceof CommandRejected) return error.error.code;
  return error instanceof EventStoreUnavailableError ? 'UNAVAILABLE' : 'INTERNAL';
}

/** The store, counting what is appended only once the append has succeeded (a conflict appends nothing). */
function countingAppends(store: EventStore, metrics: Metrics): StreamStore {
  return {
    append: async (stream, events, options) => {
      const result = await store.append(stream, events, options);
      for (const event of events) metrics.eventsAppended.inc({ type: event.type });
      return result;
    },
    readStream: (stream, options) => store.readStream(stream, options),
  };
}
