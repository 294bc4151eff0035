import { packPosition, unpackPosition } from './esdb-position';

describe('EventStoreDB positions', () => {
  it('packs (commit, prepare) into one bigint and back without loss', () => {
    const position = { commit: 18_446_744_073_709_551_615n, prepare: 18_446_744_073_709_551_614n };
    expect(unpackPosition(packPosition(position))).toEqual(position);
  });

  it('keeps the order of $all: by commit, then by prepare', () => {
    const ordered = [
      { commit: 1n, prepare: 1n },
      { commit: 1n, prepare: 2n },
      { commit: 2n, prepare: 0n },
    ].map(packPosition);
    expect([...ordered].sort((a, b) => (a < b ? -1 : 1))).toEqual(ordered);
  });
});
