import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { variablesRefusal } from './input-edge';

/**
 * Refuses hostile or ill-typed variables before any resolver runs, naming the field: literals are checked while the
 * document is validated (HostileLiteralsRule), variables here, so nothing reaches a command that the edge refuses.
 */
@Plugin()
export class InputEdgePlugin implements ApolloServerPlugin<BaseContext> {
  async requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
    return {
      didResolveOperation: async ({ schema, document, operation, request }) => {
        const refusal = operation && variablesRefusal(schema, document, operation, request.variables);
        if (refusal) throw refusal;
      },
    };
  }
}
