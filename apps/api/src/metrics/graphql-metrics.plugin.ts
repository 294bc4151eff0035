import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener, GraphQLResponse } from '@apollo/server';
import { Metrics } from './metrics';

/** Times every GraphQL operation over HTTP and counts it by outcome, refusals before execution included. */
@Plugin()
export class GraphQLMetricsPlugin implements ApolloServerPlugin<BaseContext> {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
    const stopTimer = this.metrics.operationSeconds.startTimer();
    return {
      willSendResponse: async ({ operation, response }) => {
        // An operation that could not be parsed or validated has no type: it is counted as "invalid".
        const labels = { operation_type: operation?.operation ?? 'invalid', operation_name: this.metrics.operationLabel(operation?.name?.value) };
        stopTimer(labels);
        this.metrics.operations.inc({ ...labels, outcome: outcomeOf(response) });
      },
    };
  }
}

/** `ok`, or the contract code of the first error (formatError has already mapped every error to one). */
function outcomeOf(response: GraphQLResponse): string {
  const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
  const code = errors?.[0]?.extensions?.code;
  if (!errors?.length) return 'ok';
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
