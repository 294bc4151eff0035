import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { CommandRejected } from '@club-ledger/domain';
import { EventStoreUnavailableError } from '@club-ledger/event-store';

/** Apollo's codes for input the schema itself refuses; the contract calls all of them BAD_USER_INPUT. */
const SCHEMA_INPUT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']);

/**
 * The one place where failures become the contract's error codes: domain rejections keep their code
 * (and field), schema-level input errors are BAD_USER_INPUT, and anything unexpected is reported
 * without its internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  if (cause instanceof CommandRejected) {
    const { code, field } = cause.error;
    return { ...formatted, message: cause.message, extensions: { code, ...(field && { field }) } };
  }
  if (cause instanceof EventStoreUnavailableError) {
    return { ...formatted, message: 'The event store is unavailable; try again shortly', extensions: { code: 'UNAVAILABLE' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && SCHEMA_INPUT_CODES.has(code)) {
    const field = fieldNamedIn(formatted.message);
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', ...(field && { field }) } };
  }
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') return formatted;
  return { message: 'Internal error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** graphql-js names the offending input as `at "input.amount"` or `Field "note" of required type`. */
function fieldNamedIn(message: string): string | undefined {
  const path = /at "([^"]+)"/.exec(message)?.[1] ?? /Field "([^"]+)"/.exec(message)?.[1];
  return path?.split('.').pop();
}
