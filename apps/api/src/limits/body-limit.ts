import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { correlationIdOf } from '../logging/correlation-id';

/** What the JSON body parser passes on when a body is over its limit (body-parser's error shape). */
interface ParserError {
  type?: string;
  length?: number;
}

type Next = (error?: unknown) => void;

/**
 * Answers a body over the limit with 413 and a GraphQL-shaped error naming the limit, instead of the HTML page
 * Express would send. It runs before the request logger (the parser must come first), so it logs the refusal itself.
 */
export function refuseOversizedBodies(limitBytes: number) {
  const logger = new Logger('RequestBody');
  const message = `The request body is over the ${Math.floor(limitBytes / 1024)} kB limit (REQUEST_BODY_LIMIT_KB)`;
  return (error: unknown, request: IncomingMessage, response: ServerResponse, next: Next): void => {
    if ((error as ParserError | undefined)?.type !== 'entity.too.large') return next(error);
    const correlationId = correlationIdOf(request, response);
    logger.warn({ msg: 'Refused a request body over the limit', correlationId, bytes: (error as ParserError).length, limitBytes });
    response.statusCode = 413;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify({ errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
  };
}
