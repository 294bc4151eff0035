import { BREAK, getNamedType, getNullableType, isListType, visit, type DocumentNode, type GraphQLField } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { LedgerSize } from '@club-ledger/eligibility';

type Args = Record<string, unknown>;

/**
 * What one computed answer costs beside its facts and people: the statements that find the program, its criteria and
 * the horizon, and the objects it builds, about as much as folding this many facts. So a thousand of them cost
 * something even on an empty ledger.
 */
const COMPUTATION_OVERHEAD = 1_000;

const atAPastMoment = (args: Args) => (args.asOf != null || args.knownAt != null ? 1 : 0);

/**
 * The fields whose answer is computed from the facts rather than read from the kept standings, and how many such
 * computations each runs: a past moment of a standing, a list or a page, every near-miss list (ranked against
 * everyone), a finalized program's winners (its standings when it was finalized), a preview, and a change of standing:
 * its two moments and one person's explanation, which judges everyone again up to three times. Explaining more people
 * costs more than that; how many change is known only once computed, and the per-caller limit bounds those requests.
 */
const COMPUTATIONS: Record<string, Record<string, ((args: Args) => number) | undefined> | undefined> = {
  AwardProgram: {
    qualifiers: atAPastMoment,
    standings: atAPastMoment,
    standing: atAPastMoment,
    nearMisses: () => 1,
    winners: () => 1,
    standingChanges: () => 2 + 3,
  },
  Query: { previewCriteria: () => 1, previewProgram: () => 1 },
};

const COMPUTING_FIELDS = new Set(Object.values(COMPUTATIONS).flatMap((fields) => Object.keys(fields ?? {})));

/**
 * Whether a document names a field that may compute, on any type and in any fragment: one that names none computes
 * nothing, which spares most requests the typed walk that prices them.
 */
export function mayCompute(document: DocumentNode): boolean {
  let named = false;
  visit(document, {
    Field(node) {
      if (!COMPUTING_FIELDS.has(node.name.value)) return undefined;
      named = true;
      return BREAK;
    },
  });
  return named;
}

/**
 * The work of an operation: each computation reads every fact and judges every person once, plus its overhead, and
 * runs once for each item of the lists above it (`first` items of a page, every program of a list of programs, and
 * one item per person of any other list: the lists that lead to a program are standings and changes, one a person).
 * Aliases and fragments are counted as often as they are asked.
 */
export function workEstimator(size: LedgerSize): ComplexityEstimator {
  const computation = size.facts + size.employees + COMPUTATION_OVERHEAD;
  return ({ type, field, args, childComplexity }) => {
    const own = (COMPUTATIONS[type.name]?.[field.name]?.(args) ?? 0) * computation;
    return own + childComplexity * timesRun(type.name, field, args, size);
  };
}

/** How often the fields below `field` run: once per item of its page or list; a connection's page is counted once. */
function timesRun(parent: string, field: GraphQLField<unknown, unknown>, args: Args, size: LedgerSize): number {
  if (typeof args.first === 'number') return Math.max(args.first, 0);
  if (!isListType(getNullableType(field.type)) || parent.endsWith('Connection')) return 1;
  return Math.max(getNamedType(field.type).name === 'AwardProgram' ? size.programs : size.employees, 1);
}
