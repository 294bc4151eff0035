import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from '@club-ledger/kernel';
import { errorFormatter } from './errors';
import { HostileLiteralsRule } from './input-edge';
import { graphqlContext } from './request-context';

/**
 * The GraphQL server as configured. The depth and cost limits and the metrics are Apollo plugins the modules
 * provide (`@Plugin()`); introspection and the landing page follow GRAPHQL_INTROSPECTION, never NODE_ENV directly.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    context: graphqlContext,
    subscriptions: { 'graphql-ws': true },
    formatError: errorFormatter({ hideSchema: !config.introspection }),
    // Apollo adds the server's stack to every error unless NODE_ENV says production or test: a client never gets it.
    includeStacktraceInErrorResponses: false,
    // Without introspection the schema stays private: no "Did you mean …?" naming its fields in errors either.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    validationRules: [HostileLiteralsRule],
    introspection: config.introspection,
    playground: config.introspection,
    // Apollo's linear count of selections, fragments expanded, stops a fragment bomb before the cost walk
    // (which expands them one by one); every field costs at least one, so it refuses no query the cost limit accepts.
    maxRecursiveSelections: 2 * config.limits.queryCost,
    // No cache hints are given: Apollo's cache control would otherwise wrap every field's resolver to collect them
    // (a standings answer has tens of thousands of fields).
    plugins: [ApolloServerPluginCacheControlDisabled()],
  };
}
