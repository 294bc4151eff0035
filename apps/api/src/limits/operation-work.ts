import { BREAK, Kind, getNamedType, getNullableType, isListType, visit, type DocumentNode, type FieldNode, type GraphQLField } from 'graphql';
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

/**
 * Whether a document names a field that may compute, on any type and in any fragment, with the arguments it is written
 * with (a variable may hold anything, so it counts as given): one that names none computes nothing, which spares most
 * requests, kept standings among them, the typed walk that prices them and the count of the ledger it needs.
 */
export function mayCompute(document: DocumentNode): boolean {
  let named = false;
  visit(document, {
    Field(node) {
      const written = argumentsWritten(node);
      if (!Object.values(COMPUTATIONS).some((fields) => (fields?.[node.name.value]?.(written) ?? 0) > 0)) return undefined;
      named = true;
      return BREAK;
    },
  });
  return named;
}

/** A field's arguments as written: null where the literal is null, a placeholder for any other value or a variable. */
const argumentsWritten = (node: FieldNode): Args =>
  Object.fromEntries((node.arguments ?? []).map((argument) => [argument.name.value, argument.value.kind === Kind.NULL ? null : true]));

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
