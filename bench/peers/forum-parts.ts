// The forum's own schema, resolvers, loaders and services, composed as src/app.ts does but with ForumCacheService
// off (CACHE=off): a peer puts only its own caching layer in front, so a comparison measures the caching alone.
import type { Viewer } from '../../src/auth/viewer.js';
import { ForumCacheService } from '../../src/cache/forum-cache.service.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ViewCounter } from '../../src/counters/view-counter.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import type { ForumContext, Services } from '../../src/graphql/context.js';
import { forumSchema } from '../../src/graphql/schema.js';
import { createLoaders } from '../../src/loaders/loaders.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { ForumReader } from '../../src/read/forum-reader.js';
import { sharedRenderPool } from '../../src/render/render-pool.js';
import { createServices } from '../../src/services/services.js';
import type { GraphQLSchema } from 'graphql';

export interface ForumParts {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  schema: GraphQLSchema;
  services: Services;
  /** A request's context, as the server builds it (no response fast path: the cache is off). */
  context(viewer: Viewer | null, ip: string): ForumContext;
  authenticate(token: string): Promise<Viewer>;
  close(): Promise<void>;
}

/** The database must already be migrated and seeded (the benchmark's forum_bench). */
export async function forumParts(): Promise<ForumParts> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('a peer needs DATABASE_URL (the benchmark database)');
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics({ defaultMetrics: false });
  const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl }, metrics);
  const db = database.db;
  const cache = new ForumCacheService({ backend: null, db, ttl: config.ttl, metrics, logger, pollMs: 0 });
  const views = new ViewCounter({ db, store: new MemoryCache(), logger, flushMs: config.viewFlushMs });
  const services = createServices(database, cache, views, config.login, sharedRenderPool(), logger, config.posting);
  return {
    config, logger, metrics, database, services,
    schema: await forumSchema(),
    context: (viewer, ip) => ({
      viewer, ip, services, deps: null,
      reader: new ForumReader(db, cache, createLoaders(db, views, viewer?.id ?? null), views, null),
    }),
    authenticate: (token) => services.auth.authenticate(token),
    close: async () => {
      await views.close();
      await database.close();
    },
  };
}

/** Shuts down on SIGTERM/SIGINT after closing what `close` closes. */
export function stopOnSignal(close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
