// Peer A: the forum's schema and resolvers behind Apollo Server with @apollo/server-plugin-response-cache, the
// cache Apollo users reach for. Cache hints: every field gets maxAge (the default max age), so the read paths are
// cached; a request with an Authorization header gets its own session. Served by the forum's own HTTP layer.
//   node bench/dist/bench/peers/apollo-response-cache.js --cache redis|memory [--redis-url URL] [--ttl 60]
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import type { AddressInfo } from 'node:net';
import type { ForumContext } from '../../src/graphql/context.js';
import { aliasLimit } from '../../src/graphql/alias-limit.js';
import { costLimit } from '../../src/graphql/cost-limit.js';
import { depthLimit } from '../../src/graphql/depth-limit.js';
import { createFormatError } from '../../src/graphql/format-error.js';
import { MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_TOKENS } from '../../src/http/apollo.js';
import { createHttpServer } from '../../src/http/server.js';
import { responseCacheCounter, type CacheResult } from './counting-cache.js';
import { forumParts, stopOnSignal } from './forum-parts.js';
import { peerArg } from './peer-args.js';

class CountingCache implements KeyValueCache<string> {
  constructor(private readonly inner: KeyValueCache<string>, private readonly count: (result: CacheResult) => void) {}
  async get(key: string) {
    const value = await this.inner.get(key);
    this.count(value === undefined ? 'miss' : 'hit');
    return value;
  }
  set(key: string, value: string, options?: { ttl?: number | null }) { return this.inner.set(key, value, options); }
  delete(key: string) { return this.inner.delete(key); }
}

const parts = await forumParts();
const kind = peerArg('cache', 'memory');
const ttl = Number(peerArg('ttl', '60'));
const store: KeyValueCache<string> = kind === 'redis'
  // The adapter's types name keyv's CommonJS declarations and this file its ESM ones: the same class at run time.
  ? new KeyvAdapter<string>(new Keyv<string>(new KeyvRedis(peerArg('redis-url', 'redis://127.0.0.1:6379/13'))) as never)
  : new InMemoryLRUCache<string>();

// The forum's own Apollo options (src/http/apollo.ts), plus the response cache and its cache hints.
const apollo = new ApolloServer<ForumContext>({
  schema: parts.schema,
  introspection: true,
  includeStacktraceInErrorResponses: false,
  csrfPrevention: true,
  allowBatchedHttpRequests: false,
  stopOnTerminationSignals: false,
  validationRules: [depthLimit(MAX_QUERY_DEPTH), costLimit(MAX_QUERY_COST), aliasLimit(MAX_ALIASES)],
  parseOptions: { maxTokens: MAX_TOKENS },
  formatError: createFormatError(parts.logger),
  plugins: [
    ApolloServerPluginCacheControl({ defaultMaxAge: ttl }),
    responseCachePlugin<ForumContext>({
      cache: new CountingCache(store, responseCacheCounter(parts.metrics)),
      sessionId: async ({ request }) => request.http?.headers.get('authorization') ?? null,
    }),
  ],
});
await apollo.start();

const server = createHttpServer({
  apollo, logger: parts.logger, metrics: parts.metrics,
  context: (viewer, ip) => parts.context(viewer, ip),
  authenticate: (token) => parts.authenticate(token),
  health: async () => ({ status: 200, body: { status: 'ok', db: 'ok', cache: 'ok' } }),
  fastPath: null,
});
server.keepAliveTimeout = 5000;
server.listen(parts.config.port, () => {
  parts.logger.warn({ port: (server.address() as AddressInfo).port, cache: kind }, 'apollo-response-cache peer ready');
});
stopOnSignal(async () => {
  server.close();
  server.closeAllConnections();
  await apollo.stop();
  await parts.close();
});
