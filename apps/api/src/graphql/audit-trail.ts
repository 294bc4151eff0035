import type { EventStore } from '@club-ledger/event-store';
import type { AuditEntry } from '../deals/deal.types';

/** The audit trail of one stream: every event as recorded, with who did it and both of its times. */
export async function auditTrail(store: EventStore, stream: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const event of store.readStream(stream)) {
    entries.push({
      position: event.position.toString(),
      stream: event.stream,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      data: event.data,
    });
  }
  return entries;
}
