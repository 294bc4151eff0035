import { parse, v5 as uuidv5 } from 'uuid';

/** Namespace of Club Ledger's deterministic event ids (a fixed random UUID, never to change). */
const EVENT_ID_NAMESPACE = '5b0c6f3e-9a57-4c8e-a1d2-4f3b8e7c2d10';
/** Parsed once: a bulk import derives several ids per row, and parsing the namespace text was a share of each. */
const NAMESPACE_BYTES = parse(EVENT_ID_NAMESPACE);

/**
 * The id of the `index`-th event a command appends under an idempotency key. A retry of the same
 * command derives the same ids, so the store recognises it and appends nothing.
 */
export function eventIdFor(idempotencyKey: string, index = 0): string {
  // As bytes: the library's own text-to-bytes conversion was most of the cost of an id.
  return uuidv5(Buffer.from(`${idempotencyKey}#${index}`, 'utf8'), NAMESPACE_BYTES);
}
