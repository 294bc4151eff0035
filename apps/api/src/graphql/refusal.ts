import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';

/**
 * A refusal the caller is meant to read (not allowed, not found, over a limit, input to fix): an answer, not a fault,
 * so it carries no stack trace. graphql-js copies the stack of every error a resolver throws, and formatting one costs
 * more than the refusal itself: a walk that is refused a thousand fields paid for a thousand traces nobody reads.
 */
export function refusal(message: string, extensions: GraphQLErrorExtensions): GraphQLError {
  const error = new GraphQLError(message, { extensions });
  // Set, not defined: redefining the property would format the trace it replaces.
  error.stack = `${error.name}: ${message}`;
  return error;
}
