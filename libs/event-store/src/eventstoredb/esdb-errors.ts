import { UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';

/** gRPC's UNAVAILABLE: some client paths surface the raw status instead of an UnavailableError. */
const GRPC_UNAVAILABLE = 14;

/** Turns the client's errors into the port's, so callers never depend on the EventStoreDB client. */
export function toPortError(error: unknown): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(error.streamName, error.expectedVersion, error.actualVersion);
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (error instanceof UnavailableError || code === GRPC_UNAVAILABLE) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
