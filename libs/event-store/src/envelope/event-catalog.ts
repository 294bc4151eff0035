import { z } from 'zod';
import { InvalidEventError } from '../event-store.errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import type { DomainEvent, EventType } from './event-type';

const metadataSchema = z.looseObject({
  actor: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().positive().optional(),
});

// A catalog holds event types of every data shape; EventType is invariant in its data, so `unknown` won't do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEventType = EventType<string, any>;

/** A recorded event after upcasting and validation: what `evolve` and projections see. */
export type DecodedEvent = Omit<RecordedEvent, 'data'> & DomainEvent;

/**
 * The known event types. Validates data and metadata on the way in (a bad event is never stored) and
 * on the way out (upcasting older versions first, so readers only see current shapes).
 */
export class EventCatalog {
  private readonly byType = new Map<string, EventType>();

  constructor(types: readonly AnyEventType[]) {
    for (const definition of types) {
      if (this.byType.has(definition.type)) throw new Error(`Event type ${definition.type} is declared twice`);
      this.byType.set(definition.type, definition);
    }
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  toNewEvent(event: DomainEvent, metadata: EventMetadata, id: string): NewEvent {
    const definition = this.definitionOf(event.type);
    return {
      id,
      type: event.type,
      data: validate(definition, definition.schema, event.data),
      metadata: { ...validate(definition, metadataSchema, metadata), schemaVersion: definition.version },
    };
  }

  decode(recorded: RecordedEvent): DecodedEvent {
    const definition = this.definitionOf(recorded.type);
    const metadata = validate(definition, metadataSchema, recorded.metadata) as EventMetadata;
    let data = recorded.data;
    for (let version = Number(metadata.schemaVersion ?? 1); version < definition.version; version += 1) {
      const upcast = definition.upcasters[version];
      if (!upcast) throw new InvalidEventError(recorded.type, `no upcaster from version ${version}`);
      data = upcast(data);
    }
    return { ...recorded, metadata, data: validate(definition, definition.schema, data) };
  }

  private definitionOf(type: string): EventType {
    const definition = this.byType.get(type);
    if (!definition) throw new InvalidEventError(type, 'unknown event type');
    return definition;
  }
}

function validate<T>(definition: EventType, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidEventError(definition.type, z.prettifyError(result.error));
  return result.data;
}
