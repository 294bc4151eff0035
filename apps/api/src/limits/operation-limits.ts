import { Inject } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { readLedgerSize, SQL_CLIENT, type LedgerSize } from '@club-ledger/eligibility';
import { APP_CONFIG, type AppConfig, type Limits, type SqlClient } from '@club-ledger/kernel';
import { actorOf, TOKEN_VERIFIER } from '../auth/auth.guard';
import type { TokenVerifier } from '../auth/token-verifier';
import { variablesRefusal } from '../graphql/input-edge';
import type { GraphQLContext } from '../graphql/request-context';
import { HeavyOperations } from './heavy-operations';
import { mayCompute, workEstimator } from './operation-work';
import { refusal } from '../graphql/refusal';

export interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** One per field; a list asked for with `first` counts its items that many times, so nested pages multiply. */
const pagedCost: ComplexityEstimator = ({ args, childComplexity }) => {
  const first: unknown = args.first;
  return 1 + childComplexity * (typeof first === 'number' && first > 0 ? first : 1);
};

const refused = (code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX', message: string) =>
  refusal(message, { code, http: { status: 400 } });

/** Why an operation is refused before it runs, or undefined when it is within the depth and cost limits. */
export function operationRefusal(limits: Pick<Limits, 'queryDepth' | 'queryCost'>, operation: Operation): GraphQLError | undefined {
  if (tooDeep(operation, limits.queryDepth)) {
    return refused('QUERY_TOO_DEEP', `The query nests fields more than ${limits.queryDepth} levels deep (GRAPHQL_MAX_DEPTH)`);
  }
  const cost = measured(operation, pagedCost);
  if (cost !== undefined && cost > limits.queryCost) {
    return refused(
      'QUERY_TOO_COMPLEX',
      `The query would cost ${cost}, over the limit of ${limits.queryCost} (GRAPHQL_MAX_COST): ask for smaller pages (first) or fewer nested lists`,
    );
  }
  return undefined;
}

/**
 * Whether a field sits more than `limit` fields below an operation's root fields, fragments followed (each measured
 * once, however often it is spread) and introspection's own fields left out.
 */
function tooDeep({ document }: Operation, limit: number): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, number>();
  const depthOf = (selections: SelectionSetNode | undefined, visiting: Set<string>): number => {
    let deepest = 0;
    for (const selection of selections?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__') && selection.selectionSet) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, visiting));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
      } else {
        const name = selection.name.value;
        if (!measured.has(name) && !visiting.has(name)) measured.set(name, depthOf(fragments.get(name)?.selectionSet, new Set([...visiting, name])));
        deepest = Math.max(deepest, measured.get(name) ?? 0);
      }
    }
    return deepest;
  };
  return document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && depthOf(definition.selectionSet, new Set()) > limit);
}

/** The work an operation asks, with `size` the ledger's: the sum of every computed answer it names (see operation-work.ts). */
export const workOf = (operation: Operation, size: LedgerSize): number => measured(operation, workEstimator(size)) ?? 0;

/** Why an operation is refused for the work it asks; undefined within GRAPHQL_MAX_WORK. */
export function workRefusal(limits: Pick<Limits, 'queryWork'>, work: number): GraphQLError | undefined {
  if (work <= limits.queryWork) return undefined;
  return refused(
    'QUERY_TOO_COMPLEX',
    `The query would compute ${work} units of work (facts read and people judged, for each past moment, preview, near-miss list or change of standing), over the limit of ${limits.queryWork} (GRAPHQL_MAX_WORK): ask for fewer of them at once`,
  );
}

function measured({ schema, document, variables, operationName }: Operation, estimator: ComplexityEstimator): number | undefined {
  try {
    // No node cap of its own: Apollo's recursive-selection limit (see graphql-options.ts) has already bounded the walk.
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator], maxQueryNodes: Infinity });
  } catch {
    // Variables that do not fit the operation: execution refuses them, naming the field at fault.
    return undefined;
  }
}

/**
 * Before any resolver runs: refuses hostile or ill-typed variables, naming the field (literals are checked while the
 * document is validated, by HostileLiteralsRule), then operations over the depth or cost limit. In this order, so that
 * the cost walk never coerces variables the edge has already refused. An operation of a verified caller that computes
 * from the facts is then priced against the ledger's size (read once, only for such operations) and counted among the
 * caller's heavy requests until it answers.
 */
@Plugin()
export class OperationLimitsPlugin implements ApolloServerPlugin<GraphQLContext> {
  private readonly heavy: HeavyOperations;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {
    this.heavy = new HeavyOperations(config.limits.heavyPerCaller);
  }

  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLContext>> {
    let leave: (() => void) | undefined;
    return {
      didResolveOperation: async ({ schema, document, request, operation, operationName, contextValue }) => {
        const asked: Operation = { schema, document, variables: request.variables, operationName: operationName ?? undefined };
        const refusal = (operation && variablesRefusal(schema, document, operation, request.variables)) ?? operationRefusal(this.config.limits, asked);
        if (refusal) throw refusal;
        if (!mayCompute(document)) return;
        // Without a valid token no resolver runs (AuthGuard refuses each field): nothing to price or count, and no
        // stranger makes the ledger count itself.
        const caller = await actorOf(contextValue.req, this.verify).catch(() => undefined);
        if (!caller) return;
        contextValue.req.actor ??= caller;
        const work = workOf(asked, await readLedgerSize(this.sql));
        // None: what may compute sits under an empty page, or its moment's variables are null.
        if (work === 0) return;
        const overBudget = workRefusal(this.config.limits, work);
        if (overBudget) throw overBudget;
        leave = this.heavy.enter(caller.id);
      },
      willSendResponse: async () => leave?.(),
    };
  }
}
