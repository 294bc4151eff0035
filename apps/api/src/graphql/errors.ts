import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { CommandRejected } from '@club-ledger/domain';
import { EventStoreUnavailableError } from '@club-ledger/event-store';
import { StatementTimeoutError } from '@club-ledger/kernel';
import { fieldAt } from './input-edge';

/** Apollo's codes for input the schema itself refuses; the contract calls all of them BAD_USER_INPUT. */
const SCHEMA_INPUT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'OPERATION_RESOLUTION_FAILURE']);
/** Codes the API's own guards and limits give, already with a message meant for the caller. */
const PASSED_THROUGH = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'CONFLICT', 'UNAVAILABLE']);
/** Apollo's refusals of a request's shape (a batch, a mutation by GET, a body it cannot read): a 4xx that says so. */
const MALFORMED_REQUEST = 'BAD_REQUEST';
/** Apollo's own refusals, which it reports as validation failures, with what the caller should know instead. */
const REFUSED_BY_APOLLO: Record<string, { code: string; message: string } | undefined> = {
  INTROSPECTION_DISABLED: { code: 'INTROSPECTION_DISABLED', message: 'Schema introspection is off in this deployment (GRAPHQL_INTROSPECTION)' },
  MAX_RECURSIVE_SELECTIONS_EXCEEDED: { code: 'QUERY_TOO_COMPLEX', message: 'The query selects too many fields once its fragments are expanded' },
};

/**
 * The one place where failures become the contract's error codes: domain rejections keep their code
 * (and field), schema-level input errors are BAD_USER_INPUT naming the field, and anything unexpected is reported
 * without its internals. Where the schema is private, graphql-js's "Did you mean …?" hints are cut from messages.
 */
export function errorFormatter({ hideSchema }: { hideSchema: boolean }) {
  const withoutHints = (message: string) => (hideSchema ? message.replace(/ ?Did you mean [^?]*\?/g, '') : message);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return { ...result, message: withoutHints(result.message) };
  };
}

function format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  if (cause instanceof CommandRejected) {
    const { code, field } = cause.error;
    return { ...formatted, message: cause.message, extensions: { code, ...(field && { field }) } };
  }
  if (cause instanceof EventStoreUnavailableError) {
    return { ...formatted, message: 'The event store is unavailable; try again shortly', extensions: { code: 'UNAVAILABLE' } };
  }
  if (cause instanceof StatementTimeoutError) {
    const limit = cause.timeoutMs === undefined ? 'its time limit' : `${cause.timeoutMs} ms`;
    const message = `The database stopped the request after ${limit} (DATABASE_STATEMENT_TIMEOUT_MS): ask for less at once, or try again later`;
    return { ...formatted, message, extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  const refusal = REFUSED_BY_APOLLO[String(formatted.extensions?.validationErrorCode)];
  if (refusal) return { message: refusal.message, locations: formatted.locations, extensions: { code: refusal.code } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && SCHEMA_INPUT_CODES.has(code)) {
    const field = formatted.extensions?.field ?? fieldNamedIn(formatted.message) ?? fieldWritten(error);
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', ...(field !== undefined && { field }) } };
  }
  if (code === MALFORMED_REQUEST) return { message: formatted.message, extensions: { code } };
  if (typeof code === 'string' && PASSED_THROUGH.has(code)) return formatted;
  return { message: 'Internal error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** The field at the place in the request's text that graphql-js points to, for refusals of literals. */
function fieldWritten(error: unknown): string | undefined {
  const located = error instanceof GraphQLError && error.source && error.positions?.length ? error : undefined;
  return located && fieldAt(located.source?.body ?? '', located.positions?.[0] ?? 0);
}

/** graphql-js names the offending input as `at "input.amount"`, `argument "reason"` or `Field "CloseDealInput.note" of required type`. */
function fieldNamedIn(message: string): string | undefined {
  const path = /at "([^"]+)"/.exec(message)?.[1] ?? /argument "([^"]+)"/.exec(message)?.[1] ?? /Field "([^"]+)"/.exec(message)?.[1];
  return path?.split('.').pop()?.replace(/\[\d+\]$/, '');
}
