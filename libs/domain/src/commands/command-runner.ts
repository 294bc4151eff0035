import { randomUUID } from 'node:crypto';
import { backOff } from 'exponential-backoff';
import { LRUCache } from 'lru-cache';
import {
  WrongExpectedRevisionError,
  eventIdFor,
  type DomainEvent,
  type EventCatalog,
  type RecordedEvent,
  type StreamStore,
} from '@club-ledger/event-store';
import { DomainError, type Actor } from '../shared';

/** A pure decider, as each context defines one: `decide(command, state)` and `evolve(state, event)`. */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[] | DomainError;
  evolve(state: State, event: Event): State;
  initial: State;
}

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** Derives the event ids, so that a retried command appends nothing and returns the first result. */
  idempotencyKey?: string;
  /** When it happened in the world (a close date, a quota period); defaults to now. */
  occurredAt?: string;
}

/**
 * A command as its caller sends it: a member of the decider's union without what the handler adds before deciding
 * (the actor, who comes with the context, and the facts it looks up in other streams).
 */
export type Sent<Command extends { type: string }, Added extends { [Type in Command['type']]?: PropertyKey } = object> = Command extends unknown
  ? Omit<Command, 'actor' | (Command['type'] extends keyof Added ? Extract<Added[Command['type']], PropertyKey> : never)>
  : never;

export interface Decision<State> {
  /** The events this command recorded, or, for a retry, the events the first attempt recorded. */
  events: RecordedEventOf[];
  state: State;
  /** The global position to wait for before reading one's own write; undefined when nothing changed. */
  position?: bigint;
  /** True when the command had already been recorded (a retry): `events` are the first attempt's. */
  replayed?: boolean;
}

type RecordedEventOf = Pick<RecordedEvent, 'id' | 'type' | 'data' | 'position'>;

export class CommandRejected extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = 'CommandRejected';
    // An answer to the caller, not a fault: no trace to format wherever it is reported.
    this.stack = `${this.name}: ${error.message}`;
  }
}

/** Enough for a burst of writers on one deal (20 concurrent credits land); then CONFLICT. */
const MAX_ATTEMPTS = 16;

/** Streams whose state is kept between commands: the deals, people and programs being worked on. */
const CACHED_STREAMS = 20_000;

/** A stream as this process last saw it: its folded state, revision, and the ids of its events (for retries). */
interface Loaded<State> {
  state: State;
  revision: bigint | undefined;
  ids: Set<string>;
}

/**
 * Load a stream, decide, append at the revision it was loaded at. A concurrent writer makes the
 * append fail; then the stream is reloaded and the command decided again after a short random pause
 * (so a burst of writers spreads out), a bounded number of times.
 *
 * The streams this process worked on recently are kept folded, so a command on one of them reads nothing:
 * it decides on the kept state and appends at the kept revision, and if another writer (another process)
 * moved the stream meanwhile, that append is refused like any concurrent write and the stream is read
 * afresh. A retry of a command (its idempotency key names an event already in the stream) is also read
 * afresh, to return the first result.
 */
export class CommandRunner {
  constructor(
    private readonly store: StreamStore,
    private readonly catalog: EventCatalog,
    private readonly now: () => Date = () => new Date(),
    private readonly loaded = new LRUCache<string, Loaded<unknown>>({ max: CACHED_STREAMS }),
  ) {}

  /**
   * A runner on `store` that goes on from the streams this one keeps folded: for a store that goes on from this one's
   * (a batch after a batch, `BufferedStreams`), whose streams stand where this runner left them.
   */
  goingOnWith(store: StreamStore): CommandRunner {
    return new CommandRunner(store, this.catalog, this.now, this.loaded);
  }

  async run<Command, Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CommandContext,
  ): Promise<Decision<State>> {
    try {
      // Most commands meet no other writer: the pauses between attempts are set up only for those that did.
      return await this.attempt(stream, decider, command, context);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    try {
      return await backOff(() => this.attempt(stream, decider, command, context), {
        numOfAttempts: MAX_ATTEMPTS - 1,
        delayFirstAttempt: true,
        startingDelay: 5,
        maxDelay: 250,
        jitter: 'full',
        retry: (error) => error instanceof WrongExpectedRevisionError,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      throw new CommandRejected(new DomainError('CONFLICT', `${stream} kept changing; try again`));
    }
  }

  /**
   * Reads a stream this process does not keep yet, ahead of a command on it: started beside the reads of the facts the
   * command needs (the contributor), the reads go to the store together, in one query on SQL.
   */
  async prefetch<Event extends DomainEvent, State>(stream: string, decider: Decider<never, Event, State>): Promise<void> {
    if (!this.loaded.has(stream)) await this.read(stream, decider, undefined);
  }

  /**
   * The current state of a stream, for facts another aggregate's rules need (is this contributor active?).
   * No append will check it, so a kept state is brought up to date from the store first, unless nothing but this runner
   * writes to the store.
   */
  async current<Event extends DomainEvent, State>(stream: string, decider: Decider<never, Event, State>): Promise<State> {
    const kept = this.loaded.get(stream) as Loaded<State> | undefined;
    if (kept && this.store.soleWriter) return kept.state;
    return (await this.read(stream, decider, kept)).state;
  }

  private async attempt<Command, Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CommandContext,
  ): Promise<Decision<State>> {
    const key = context.idempotencyKey;
    const firstId = key === undefined ? undefined : eventIdFor(key, 0);
    const kept = this.loaded.get(stream) as Loaded<State> | undefined;
    const retried = firstId !== undefined && kept?.ids.has(firstId);
    const { state, revision, ids, earlier } = kept && !retried ? { ...kept, earlier: [] } : await this.read(stream, decider, undefined, key);
    if (earlier.length > 0) return { events: earlier, state, position: earlier[earlier.length - 1].position, replayed: true };
    const outcome = decider.decide(command, state);
    if (outcome instanceof DomainError) throw new CommandRejected(outcome);
    if (outcome.length === 0) return { events: [], state };
    const recorded = outcome.map((event, n) => this.toNewEvent(event, n === 0 && firstId !== undefined ? firstId : this.idOf(n, context), context));
    try {
      const result = await this.store.append(stream, recorded, {
        expectedRevision: revision === undefined ? 'no_stream' : revision,
      });
      const after = outcome.reduce(decider.evolve, state);
      // The ids are this stream's own set (kept or just read), which a failed append drops with the rest.
      for (const event of recorded) ids.add(event.id);
      this.loaded.set(stream, { state: after, revision: result.nextRevision, ids });
      const events = recorded.map((event) => ({ ...event, position: result.position }));
      return { events, state: after, position: result.position };
    } catch (error) {
      this.loaded.delete(stream);
      throw error;
    }
  }

  /**
   * Folds a stream from the store, or only what was appended after the kept state; keeps the result. With an
   * idempotency key, also returns the events an earlier run of the same command recorded.
   */
  private async read<Event extends DomainEvent, State>(
    stream: string,
    decider: Decider<unknown, Event, State>,
    kept: Loaded<State> | undefined,
    idempotencyKey?: string,
  ): Promise<Loaded<State> & { earlier: RecordedEventOf[] }> {
    let state = kept?.state ?? decider.initial;
    let revision = kept?.revision;
    const ids = new Set(kept?.ids);
    const earlier: RecordedEventOf[] = [];
    let earlierId = idempotencyKey === undefined ? undefined : eventIdFor(idempotencyKey, 0);
    const fromRevision = revision === undefined ? undefined : revision + 1n;
    for await (const recorded of this.store.readStream(stream, { fromRevision })) {
      const event = this.catalog.decode(recorded);
      state = decider.evolve(state, event as unknown as Event);
      revision = recorded.revision;
      ids.add(recorded.id);
      if (recorded.id === earlierId) {
        earlier.push({ id: recorded.id, type: event.type, data: event.data, position: recorded.position });
        earlierId = eventIdFor(idempotencyKey as string, earlier.length);
      }
    }
    this.loaded.set(stream, { state, revision, ids });
    return { state, revision, ids, earlier };
  }

  private idOf(index: number, { idempotencyKey }: CommandContext): string {
    return idempotencyKey === undefined ? randomUUID() : eventIdFor(idempotencyKey, index);
  }

  private toNewEvent(event: DomainEvent, id: string, context: CommandContext) {
    return this.catalog.toNewEvent(
      event,
      {
        actor: context.actor.id,
        correlationId: context.correlationId,
        causationId: context.correlationId,
        occurredAt: context.occurredAt ?? this.now().toISOString(),
      },
      id,
    );
  }
}
