import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A caller's own id is kept when it is short visible ASCII: it is echoed in a header and stored on every event. */
const USABLE = /^[\x21-\x7e]{1,100}$/;

const assigned = new WeakMap<object, string>();

interface RequestHeaders {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The one correlation id of a request: the caller's `x-correlation-id` when usable, else a new UUID, decided once.
 * The request log and the metadata of every event the request appends both take it from here; given the
 * response, it is echoed there so the caller can quote it.
 */
export function correlationIdOf(request: RequestHeaders, response?: ServerResponse): string {
  let id = assigned.get(request);
  if (id === undefined) {
    const header = request.headers[CORRELATION_HEADER];
    id = typeof header === 'string' && USABLE.test(header) ? header : randomUUID();
    assigned.set(request, id);
  }
  if (response && !response.headersSent) response.setHeader(CORRELATION_HEADER, id);
  return id;
}
