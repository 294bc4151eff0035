import type { Params } from 'nestjs-pino';
import type { LogLevel } from '@club-ledger/kernel';
import { correlationIdOf } from './correlation-id';

/**
 * JSON lines on stdout: one per HTTP request, and every line logged while serving it, carrying the request's
 * correlation id. `silent` keeps an app built for tests quiet while requests still get their ids.
 */
export function requestLogging(level: LogLevel | 'silent'): Params {
  return {
    pinoHttp: {
      level,
      // Level names, not pino's numbers, so that a reader or a log query can say `level=warn`.
      formatters: { level: (label) => ({ level: label }) },
      genReqId: (request, response) => correlationIdOf(request, response),
      customProps: (request) => ({ correlationId: correlationIdOf(request) }),
      customLogLevel: (_request, response, error) => {
        if (error || response.statusCode >= 500) return 'error';
        return response.statusCode >= 400 ? 'warn' : 'info';
      },
      // Bearer tokens and cookies are credentials: they never reach the logs.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
  };
}
