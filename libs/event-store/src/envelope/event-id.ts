import { v5 as uuidv5 } from 'uuid';

/** Namespace of Club Ledger's deterministic event ids (a fixed random UUID, never to change). */
const EVENT_ID_NAMESPACE = '5b0c6f3e-9a57-4c8e-a1d2-4f3b8e7c2d10';

/**
 * The id of the `index`-th event a command appends under an idempotency key. A retry of the same
 * command derives the same ids, so the store recognises it and appends nothing.
 */
export function eventIdFor(idempotencyKey: string, index = 0): string {
  return uuidv5(`${idempotencyKey}#${index}`, EVENT_ID_NAMESPACE);
}
