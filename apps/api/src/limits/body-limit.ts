import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { correlationIdOf } from '../logging/correlation-id';

/** What the JSON body parser passes on when it cannot read a body (body-parser's error shape). */
interface ParserError {
  type?: string;
  status?: number;
  length?: number;
}

type Next = (error?: unknown) => void;

/** body-parser's refusals, each as a status and a code that names the problem. */
const REFUSALS: Record<string, { status: number; code: string; message: (limitBytes: number) => string } | undefined> = {
  'entity.too.large': {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: (limitBytes) => `The request body is over the ${Math.floor(limitBytes / 1024)} kB limit (REQUEST_BODY_LIMIT_KB)`,
  },
  'entity.parse.failed': { status: 400, code: 'MALFORMED_JSON', message: () => 'The request body is not valid JSON' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'The request body must be JSON in UTF-8, uncompressed or gzip' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: () => 'The request body must be JSON in UTF-8' },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: () => 'The request body ended early' },
};

/**
 * Answers a body the parser could not read with a 4xx and a GraphQL-shaped error whose code names the problem, instead
 * of the HTML page Express would send. It runs before the request logger (the parser must come first), so it logs the
 * refusal itself.
 */
export function refuseUnreadableBodies(limitBytes: number) {
  const logger = new Logger('RequestBody');
  return (error: unknown, request: IncomingMessage, response: ServerResponse, next: Next): void => {
    const parserError = error as ParserError | undefined;
    const refusal = REFUSALS[parserError?.type ?? ''] ?? (parserError?.status && parserError.status < 500 ? REFUSALS['request.aborted'] : undefined);
    if (!refusal) return next(error);
    const correlationId = correlationIdOf(request, response);
    logger.warn({ msg: 'Refused a request body', correlationId, code: refusal.code, bytes: parserError?.length, limitBytes });
    response.statusCode = refusal.status;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify({ errors: [{ message: refusal.message(limitBytes), extensions: { code: refusal.code } }] }));
  };
}
