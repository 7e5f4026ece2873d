import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { PersistedQueryStore } from '../cache/persisted-query-store.js';
import { ErrorCode, ForumError } from '../errors.js';
import { aliasLimit } from '../graphql/alias-limit.js';
import { costLimit } from '../graphql/cost-limit.js';
import { depthLimit } from '../graphql/depth-limit.js';
import { selectedBodyFields, selectedReactionCounts, selectsCategoryCursor } from '../graphql/selected-fields.js';
import { createFormatError } from '../graphql/format-error.js';
import type { ForumContext } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { compiledExecution } from './compiled-execution.js';
import { landingPageWithFallback } from './landing-page.js';

export const MAX_QUERY_DEPTH = 10;
/** Limits of README.md ("Limits"): query cost (cost-limit.ts), aliased fields, and lexical tokens of a document. */
export const MAX_QUERY_COST = 10_000;
export const MAX_ALIASES = 50;
export const MAX_TOKENS = 20_000;

/** Only query responses may be stored by the response fast path; subscriptions run over WebSocket only. */
const queryOnlyFastPath: ApolloServerPlugin<ForumContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document, schema }) {
        if (operation?.operation === 'subscription') {
          throw new ForumError(ErrorCode.BAD_REQUEST, 'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql',
            { http: { status: 400 } });
        }
        if (operation?.operation !== 'query') contextValue.deps?.markUncacheable();
        // Category.liveCursor must not be ahead of the lists and counts beside it (src/read/category-positions.ts).
        if (selectsCategoryCursor(schema, document)) contextValue.reader.categoryPositions.want();
        // Post pages read and cache only the body fields the operation shows (src/model/post-body-fields.ts).
        contextValue.reader.selectBodyFields(selectedBodyFields(schema, document));
        // Threads and pages of posts read their reaction counts' entries only when the operation shows them.
        contextValue.reader.selectReactions(selectedReactionCounts(schema, document));
      },
    };
  },
};

function durationPlugin(metrics: Metrics): ApolloServerPlugin<ForumContext> {
  return {
    async requestDidStart() {
      const end = metrics.requestDuration.startTimer();
      return {
        async willSendResponse(ctx) {
          end({ operation: ctx.operation?.operation ?? 'invalid' });
        },
      };
    },
  };
}

/** How persisted queries are served (persisted-query-policy.ts): false refuses them. */
export interface ApolloPersistedQueries {
  cache: false | PersistedQueryStore;
  plugin: ApolloServerPlugin<ForumContext>;
}

export function createApollo(schema: GraphQLSchema, logger: Logger, metrics: Metrics, persisted: ApolloPersistedQueries): ApolloServer<ForumContext> {
  return new ApolloServer<ForumContext>({
    gateway: compiledExecution(schema),
    introspection: true, // clients run codegen against it, in production too
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Our store keeps its own TTL and bound (PERSISTED_QUERIES_TTL_S, PERSISTED_QUERIES_MAX_ENTRIES).
    persistedQueries: persisted.cache === false ? false : { cache: persisted.cache },
    stopOnTerminationSignals: false, // main.ts owns shutdown: drain HTTP, flush views, then stop Apollo
    validationRules: [depthLimit(MAX_QUERY_DEPTH), costLimit(MAX_QUERY_COST), aliasLimit(MAX_ALIASES)],
    // Parsing stops past this many tokens, before validation (whose overlapping-fields rule grows with the square
    // of repeated fields) can be made to run long on a body under the 1 MiB limit.
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: createFormatError(logger),
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    plugins: [
      // Apollo's cache-control plugin (on by default) wraps every field's resolver to collect cache hints that this
      // server never sets: freshness and HTTP caching come from the stamps. Off, a miss costs less CPU.
      ApolloServerPluginCacheControlDisabled(),
      // Relative to /graphql, so a proxy's path prefix is kept: /graphql → /explorer.
      landingPageWithFallback('explorer'),
      durationPlugin(metrics),
      queryOnlyFastPath,
      persisted.plugin,
    ],
  });
}
