// Peer B: the forum's schema and resolvers behind GraphQL Yoga with its response cache (@envelop/response-cache
// via @graphql-yoga/plugin-response-cache), on Redis (@envelop/response-cache-redis) or in memory. It invalidates
// the entities (typename + id) a mutation's result names; everything else lives until its TTL.
//   node bench/dist/bench/peers/yoga-response-cache.js --cache redis|memory [--redis-url URL] [--ttl 60]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import { createRedisCache } from '@envelop/response-cache-redis';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { bearerToken } from '../../src/auth/tokens.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { aliasLimit } from '../../src/graphql/alias-limit.js';
import { costLimit } from '../../src/graphql/cost-limit.js';
import { depthLimit } from '../../src/graphql/depth-limit.js';
import { MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH } from '../../src/http/apollo.js';
import { responseCacheCounter } from './counting-cache.js';
import { forumParts, stopOnSignal } from './forum-parts.js';
import { peerArg } from './peer-args.js';

const parts = await forumParts();
const kind = peerArg('cache', 'memory');
const ttlMs = Number(peerArg('ttl', '60')) * 1000;
const redis = kind === 'redis' ? new Redis(peerArg('redis-url', 'redis://127.0.0.1:6379/13')) : null;
const store = (redis ? createRedisCache({ redis }) : createInMemoryCache()) as Cache;
const count = responseCacheCounter(parts.metrics);
const counted: Cache = {
  get: async (key) => {
    const value = await store.get(key);
    count(value ? 'hit' : 'miss');
    return value;
  },
  set: (...args) => store.set(...args),
  invalidate: (...args) => store.invalidate(...args),
};

/** The forum's validation rules (src/http/apollo.ts). */
const limitsPlugin: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(depthLimit(MAX_QUERY_DEPTH));
    addValidationRule(costLimit(MAX_QUERY_COST));
    addValidationRule(aliasLimit(MAX_ALIASES));
  },
};

const yoga = createYoga({
  schema: parts.schema,
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: false,
  context: async ({ request }) => {
    const token = bearerToken(request.headers.get('authorization') ?? undefined);
    let viewer: Viewer | null = null;
    if (token === null) throw new GraphQLError('malformed Authorization header', { extensions: { code: 'UNAUTHENTICATED' } });
    if (token !== undefined) {
      viewer = await parts.authenticate(token).catch(() => {
        throw new GraphQLError('unknown token', { extensions: { code: 'UNAUTHENTICATED' } });
      });
    }
    return parts.context(viewer, 'bench');
  },
  plugins: [
    limitsPlugin,
    useResponseCache({
      session: (request) => request.headers.get('authorization') ?? null,
      ttl: ttlMs,
      cache: counted,
      includeExtensionMetadata: false,
    }),
  ],
});

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.url === '/metrics') {
    parts.metrics.registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': parts.metrics.registry.contentType }).end(text);
    }, () => res.writeHead(500).end());
    return;
  }
  void yoga(req, res);
});
server.keepAliveTimeout = 5000;
server.listen(parts.config.port, () => {
  parts.logger.warn({ port: (server.address() as AddressInfo).port, cache: kind }, 'yoga-response-cache peer ready');
});
stopOnSignal(async () => {
  server.close();
  server.closeAllConnections();
  redis?.disconnect();
  await parts.close();
});
