// The composition root: opens the database and cache, wires services, and serves HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheBackend } from './cache/cache-backend.js';
import { ForumCacheService } from './cache/forum-cache.service.js';
import { MemoryCache } from './cache/memory-cache.js';
import { RedisCache } from './cache/redis-cache.js';
import { parseClusterNodes, RedisClusterCache } from './cache/redis-cluster-cache.js';
import type { ResponseDeps } from './cache/response-deps.js';
import { PersistedQueryStore } from './cache/persisted-query-store.js';
import { RedisPersistedQueries } from './cache/redis-persisted-queries.js';
import { ResponseStore } from './cache/response-store.js';
import type { Config } from './config.js';
import { ViewCounter } from './counters/view-counter.js';
import { openDatabase, type Database, type DatabaseSource } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { OUTBOX_CHANNEL } from './data/outbox.data.js';
import type { ForumContext } from './graphql/context.js';
import { forumSchema } from './graphql/schema.js';
import { createApollo } from './http/apollo.js';
import { ResponseFastPath } from './http/fast-path.js';
import { attachLiveSocket } from './http/live-socket.js';
import { loadManifest } from './http/persisted-query-manifest.js';
import { PersistedQueryPolicy } from './http/persisted-query-policy.js';
import { createHttpServer } from './http/server.js';
import { MemoryBus, type LiveBus } from './live/live-bus.js';
import { Backlog } from './live/backlog.js';
import { RedisBus } from './live/redis-bus.js';
import { createLoaders } from './loaders/loaders.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { AfterReads } from './read/after-reads.js';
import { ForumReader } from './read/forum-reader.js';
import { sharedRenderPool } from './render/render-pool.js';
import { isEmpty, seedDemo } from './seed/demo.js';
import { createServices, type Services } from './services/services.js';
import { withTimeout } from './util/with-timeout.js';

export interface AppOptions {
  config: Config;
  logger?: Logger;
  /** Overrides the database the config names (tests load a pre-migrated PGlite image). */
  databaseSource?: DatabaseSource;
  /** Skip migrations (the source is already migrated). */
  migrated?: boolean;
  /** Overrides of the cache's pending-invalidation poll and the view flush interval; 0 disables (tests). */
  cachePollMs?: number;
  /** How often live events past the backlog's age bound are dropped (30 s by default; 0 disables: tests). */
  livePruneMs?: number;
  /** The cache lease on Redis (src/cache/outbox.ts): its length and the outbox rows' grace, in ms (tests shorten them). */
  cacheLease?: { ms: number; graceMs: number };
  viewFlushMs?: number;
  /** Whether to make sure of the admin account and seed an empty database (false in all workers but the first). */
  setup?: boolean;
  /** Overrides the WebSocket keep-alive ping interval (tests). */
  liveKeepAliveMs?: number;
  /** Render stored posts that need it in the background at start-up (default true; tests that count statements turn it off). */
  renderBackfill?: boolean;
}

export interface ForumApp {
  server: Server;
  database: Database;
  cache: ForumCacheService;
  views: ViewCounter;
  metrics: Metrics;
  services: Services;
  logger: Logger;
  bus: LiveBus;
  /** Starts listening; resolves with the bound port (0 in the config picks a free one). */
  listen(port?: number): Promise<number>;
  /** Graceful: stops accepting, drains requests, flushes view counts, closes the cache and the database. */
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<ForumApp> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics({ defaultMetrics: true });
  // Before the database opens: a manifest that cannot serve stops start-up at once, with every reason.
  const schema = await forumSchema();
  const { mode, manifestPath } = config.persistedQueries;
  const manifest = manifestPath !== undefined && mode !== 'off' ? loadManifest(manifestPath, schema) : null;
  const persistedPolicy = new PersistedQueryPolicy(mode, manifest);

  const source: DatabaseSource = options.databaseSource
    ?? (config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs }
      : { kind: 'pglite', dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs });
  const database = await openDatabase(source, metrics);
  try {
    if (!options.migrated) await runMigrations(database, source.kind === 'postgres' ? source.url : undefined);
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;

  let backend: CacheBackend | null = null;
  // The connection persisted queries share with the cache (one Redis, or the cluster).
  let shared: RedisCache['client'] | RedisClusterCache['client'] | null = null;
  // Redis's own command timeout stays under the call's, so that a slow command fails as itself, not as the timer.
  const commandTimeoutMs = Math.max(10, config.cacheTimeoutMs - 50);
  const clusterNodes = config.redisClusterNodes ? parseClusterNodes(config.redisClusterNodes) : null;
  if (config.redisUrl) {
    const redis = new RedisCache(config.redisUrl, { commandTimeoutMs });
    await redis.ready().catch(() => logger.warn('cache: Redis is not reachable at start-up; serving from the database until it is'));
    backend = redis;
    shared = redis.client;
  } else if (clusterNodes) {
    const redis = new RedisClusterCache(clusterNodes, { commandTimeoutMs });
    await redis.ready().catch(() => logger.warn('cache: the Redis Cluster is not reachable at start-up; serving from the database until it is'));
    backend = redis;
    shared = redis.client;
  } else {
    backend = new MemoryCache({ maxEntries: config.memoryCache.maxEntries, maxBytes: config.memoryCache.maxBytes });
  }
  // Subscriptions' events: across processes on Redis pub/sub, else in this process (src/live/).
  const redisTarget = config.redisUrl ?? clusterNodes;
  const bus: LiveBus = redisTarget ? new RedisBus(redisTarget, logger) : new MemoryBus();
  const cache = new ForumCacheService({
    backend: config.cacheEnabled ? backend : null, db, ttl: config.ttl, metrics, logger, pollMs: options.cachePollMs,
    leaseMs: options.cacheLease?.ms, leaseGraceMs: options.cacheLease?.graceMs, opTimeoutMs: config.cacheTimeoutMs,
    owner: database.owner, announce: (announcement) => bus.announce(announcement),
  });
  const backlog = new Backlog(db, { maxEvents: config.live.backlogMaxEvents, maxAgeS: config.live.backlogMaxAgeS }, logger,
    options.livePruneMs);
  if (cache.backend) {
    // Outbox rows another process could not apply are applied here the moment it says so.
    await database.listen(OUTBOX_CHANNEL, () => void cache.poll())
      .catch((error) => logger.warn({ err: error }, 'cache: cannot LISTEN for outbox rows; the poll applies them'));
  }
  await cache.start();
  const views = new ViewCounter({ db, store: backend, logger, flushMs: options.viewFlushMs ?? config.viewFlushMs });
  const renderPool = sharedRenderPool();
  renderPool.start();
  const services = createServices(database, cache, views, config.login, renderPool, logger, config.posting, {
    crashAfterCommit: config.crashAfterCommit, backlogMaxEvents: config.live.backlogMaxEvents,
  });
  if (config.crashAfterCommit) logger.warn('FORUM_FAULT_CRASH_AFTER_COMMIT is set: this process dies after its first commit (fault drills only)');

  const setup = options.setup ?? true;
  if (setup && config.admin) await services.auth.ensureAdmin(config.admin.username, config.admin.password);
  if (setup && config.seedDemo && await isEmpty(db)) {
    logger.info('seeding the demo forum into the empty database');
    await seedDemo(db);
  }

  // Posts from before rendering, or rendered by an older renderer, are rendered in the background (docs/configuration.md).
  // One worker of a WORKERS=N server runs it (the one that sets up); separate servers may each run it, which is safe.
  const backfill = options.renderBackfill === false || !setup ? Promise.resolve()
    : services.renderBackfill.run().then(() => undefined, (error: unknown) => {
      logger.error({ err: error }, 'render backfill: stopped by an error; the next start resumes it');
    });

  const persistedStore = mode === 'off' ? false : new PersistedQueryStore({
    manifest,
    registrations: mode === 'on',
    shared: shared ? new RedisPersistedQueries(shared) : null,
    ttlS: config.persistedQueries.ttlS,
    maxEntries: config.persistedQueries.maxEntries,
    timeoutMs: config.cacheTimeoutMs,
  });
  const apollo = createApollo(schema, logger, metrics, { cache: persistedStore, plugin: persistedPolicy.plugin() });
  await apollo.start();

  const context = (viewer: ForumContext['viewer'], ip: string, deps: ResponseDeps | null): ForumContext => {
    const afterReads = new AfterReads();
    const loaders = createLoaders(db, views, viewer?.id ?? null, afterReads.schedule);
    return { viewer, ip, services, deps, reader: new ForumReader(db, cache, loaders, views, deps, afterReads) };
  };
  const health = async () => {
    const dbOk = await withTimeout(database.ping(), 1000, 'db ping').then(() => true, () => false);
    const cacheState = await cache.health();
    return dbOk
      ? { status: 200, body: { status: 'ok', db: 'ok', cache: cacheState } }
      : { status: 503, body: { status: 'unavailable', db: 'unreachable', cache: cacheState } };
  };
  const server = createHttpServer({
    apollo, logger, metrics, context, health, authenticate: (token) => services.auth.authenticate(token),
    fastPath: cache.backend && config.responseFastPath ? new ResponseFastPath(new ResponseStore(cache.backend, metrics), views, config.httpCache) : null,
    persistedQueries: persistedPolicy,
  });
  const live = attachLiveSocket({
    server, schema, bus, backlog, limits: config.live, logger, authenticate: (token) => services.auth.authenticate(token),
    persistedQueries: persistedPolicy,
    context: (viewer, ip) => context(viewer, ip, null), keepAliveMs: options.liveKeepAliveMs,
  });
  // Idle keep-alive connections stay open longer than clients and load balancers usually keep theirs (60 s), so it is
  // the client that closes them: a server closing first races a request the client is just sending on that socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  let closing: Promise<void> | undefined;
  return {
    server, database, cache, views, metrics, services, logger, bus,
    listen: (port = config.port) => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve((server.address() as AddressInfo).port));
    }),
    close: () => {
      closing ??= (async () => {
        await live.close(); // WebSocket connections are not the HTTP server's to drain: 1001 Going away
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
        await apollo.stop();
        services.renderBackfill.stop();
        await backfill;
        await views.close();
        await cache.close();
        if (!config.cacheEnabled) await backend.close(); // the cache service closes it otherwise
        await bus.close(); // after the cache: its last outbox applies still announce
        backlog.close();
        await database.close();
      })();
      return closing;
    },
  };
}
