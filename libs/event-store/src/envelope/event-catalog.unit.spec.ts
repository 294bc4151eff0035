import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { InvalidEventError } from '../event-store.errors';
import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { EventCatalog } from './event-catalog';
import { eventIdFor } from './event-id';
import { defineEvent } from './event-type';

const metadata: EventMetadata = {
  actor: 'rep-1',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  occurredAt: '2026-02-15T00:00:00.000Z',
};

// v1 stored only a full name; v2 splits it. The upcaster lifts v1 data when it is read.
const Renamed = defineEvent('ThingRenamed', {
  version: 2,
  schema: z.object({ first: z.string().min(1), last: z.string().min(1) }),
  upcasters: {
    1: (older) => {
      const [first, ...rest] = (older as { name: string }).name.split(' ');
      return { first, last: rest.join(' ') };
    },
  },
});
const Counted = defineEvent('ThingCounted', { version: 1, schema: z.object({ count: z.number().int() }) });
const catalog = new EventCatalog([Renamed, Counted]);

function recorded(type: string, data: unknown, meta: Record<string, unknown>): RecordedEvent {
  return {
    id: eventIdFor('k'),
    stream: 'thing-1',
    revision: 0n,
    position: 1n,
    type,
    data,
    metadata: meta as EventMetadata,
    recordedAt: new Date(),
  };
}

describe('EventCatalog', () => {
  it('stamps the current schema version into the metadata it writes', () => {
    const event = catalog.toNewEvent(Renamed({ first: 'Priya', last: 'Shah' }), metadata, 'id-1');
    expect(event).toEqual({
      id: 'id-1',
      type: 'ThingRenamed',
      data: { first: 'Priya', last: 'Shah' },
      metadata: { ...metadata, schemaVersion: 2 },
    });
  });

  it('refuses to write data that breaks the schema', () => {
    expect(() => catalog.toNewEvent(Counted({ count: 1.5 }), metadata, 'id')).toThrow(InvalidEventError);
  });

  it('refuses to write an event without its metadata', () => {
    const noActor = { ...metadata, actor: '' };
    expect(() => catalog.toNewEvent(Counted({ count: 1 }), noActor, 'id')).toThrow(/actor/);
  });

  it('refuses an event type it does not know', () => {
    expect(() => catalog.toNewEvent({ type: 'Nope', data: {} }, metadata, 'id')).toThrow(/unknown event type/);
  });

  it('upcasts an older stored version to the current shape when reading', () => {
    const old = recorded('ThingRenamed', { name: 'Sam Lee Park' }, { ...metadata, schemaVersion: 1 });
    expect(catalog.decode(old).data).toEqual({ first: 'Sam', last: 'Lee Park' });
  });

  it('validates what it reads, after upcasting', () => {
    const broken = recorded('ThingCounted', { count: 'three' }, { ...metadata, schemaVersion: 1 });
    expect(() => catalog.decode(broken)).toThrow(InvalidEventError);
  });
});

describe('eventIdFor', () => {
  it('derives the same UUID v5 from the same idempotency key and index', () => {
    expect(eventIdFor('credit:deal-1:pm-7')).toBe(eventIdFor('credit:deal-1:pm-7'));
    expect(eventIdFor('credit:deal-1:pm-7')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('derives different ids for different keys and for each event of one command', () => {
    const ids = new Set([eventIdFor('a'), eventIdFor('b'), eventIdFor('a', 1)]);
    expect(ids.size).toBe(3);
  });

  it("derives each id as the uuid library's v5 does, for keys of any characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(), (key, index) => {
        expect(eventIdFor(key, index)).toBe(uuidv5(`${key}#${index}`, '5b0c6f3e-9a57-4c8e-a1d2-4f3b8e7c2d10'));
      }),
    );
  });

  it('derives the ids the ledger already holds, whatever the characters of the key', () => {
    // Recorded events carry these ids: a retry after an upgrade must still be recognised.
    expect(eventIdFor('credit:deal-1:pm-7')).toBe('51e5e9ca-1a7e-59e6-ab31-07bf4b8f9f08');
    expect(eventIdFor('seed:Zoë Ångström', 2)).toBe('cb68c89a-4620-525b-9666-ad42cb7febd2');
  });
});
