import { EventEmitter } from 'node:events';

export interface StoredEvent {
  id: string;
  stream: string;
  revision: bigint;
  /** A counter from 1 (0 is an empty feed's head); commit == prepare here, a real server's differ. */
  position: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  created: bigint;
}

export type Expected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };
export type Proposed = Omit<StoredEvent, 'stream' | 'revision' | 'position' | 'created'>;
export type AppendOutcome =
  | { ok: true; revision: bigint; position: bigint }
  | { ok: false; current: bigint | undefined };

/** The in-memory log behind the test server, with EventStoreDB's append rules including idempotent retries. */
export class EventLog {
  readonly all: StoredEvent[] = [];
  readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();

  stream(name: string): StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  append(stream: string, expected: Expected, proposed: Proposed[]): AppendOutcome {
    const events = this.streams.get(stream) ?? [];
    const current = events.length > 0 ? BigInt(events.length - 1) : undefined;
    const retry = this.earlierAppend(stream, expected, proposed);
    if (retry) return retry;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!ok) return { ok: false, current };
    const created = BigInt(Date.now()) * 10_000n;
    for (const event of proposed) {
      const stored = { ...event, stream, revision: BigInt(events.length), position: BigInt(this.all.length + 1), created };
      events.push(stored);
      this.all.push(stored);
      this.byId.set(stored.id, stored);
    }
    this.streams.set(stream, events);
    const last = events[events.length - 1];
    this.appended.emit('appended');
    return { ok: true, revision: last.revision, position: last.position };
  }

  /** Like the real server: the same ids at the same expected revision succeed again without appending. */
  private earlierAppend(stream: string, expected: Expected, proposed: Proposed[]): AppendOutcome | undefined {
    const earlier = proposed.map((event) => this.byId.get(event.id));
    if (earlier.some((event) => event === undefined)) return undefined;
    const first = earlier[0] as StoredEvent;
    const samePlace = earlier.every((event, n) => event?.stream === stream && event.revision === first.revision + BigInt(n));
    const sameStart =
      expected.kind === 'any' ||
      expected.kind === 'stream_exists' ||
      (expected.kind === 'no_stream' ? first.revision === 0n : first.revision === expected.revision + 1n);
    if (!samePlace || !sameStart) return undefined;
    const last = earlier[earlier.length - 1] as StoredEvent;
    return { ok: true, revision: last.revision, position: last.position };
  }
}
