/**
 * EventStoreDB orders $all by a (commit, prepare) pair of 64-bit positions; the port has one bigint.
 * Packing the pair as `commit · 2^64 + prepare` keeps the order and loses nothing.
 */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

const LOW_64 = (1n << 64n) - 1n;

export const packPosition = ({ commit, prepare }: EsdbPosition): bigint => (commit << 64n) | prepare;

export const unpackPosition = (position: bigint): EsdbPosition => ({ commit: position >> 64n, prepare: position & LOW_64 });
