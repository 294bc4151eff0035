import { UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { toPortError } from './esdb-errors';

describe('EventStoreDB error mapping', () => {
  it('turns a wrong expected version into the port conflict, keeping both revisions', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'deal-1', expected: 3n, current: 5n });
    expect(toPortError(error)).toEqual(new WrongExpectedRevisionError('deal-1', 3n, 5n));
  });

  it('turns UnavailableError and a raw gRPC code 14 into EventStoreUnavailableError', () => {
    expect(toPortError(new UnavailableError({ code: 14, details: 'down', metadata: undefined } as never))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(toPortError(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it('passes other errors through untouched', () => {
    const other = new Error('boom');
    expect(toPortError(other)).toBe(other);
  });
});
