import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { packPosition } from './esdb-position';

/** A client event in the port's shape. Every event this store reads was written as JSON with JSON metadata. */
export function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event?.position) return undefined;
  return {
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    position: packPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: (event.metadata ?? {}) as EventMetadata,
    recordedAt: event.created,
  };
}
