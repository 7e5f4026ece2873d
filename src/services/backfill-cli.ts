// npm run render:backfill — renders every stored post whose rendering is missing or older than the renderer
// (docs/configuration.md, "Rendering posts"). Running servers do the same at start-up, in the background; this runs
// it to the end in the foreground, with progress, e.g. right after deploying a renderer fix.
// With REDIS_URL the re-rendered threads' entries are invalidated in Redis directly; without it the changes are left
// in the outbox, where every running server applies them within a second.
import { ForumCacheService } from '../cache/forum-cache.service.js';
import { RedisCache } from '../cache/redis-cache.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type DatabaseSource } from '../db/client.js';
import { DataDirLocked } from '../db/data-dir-lock.js';
import { runMigrations } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import { RenderPool } from '../render/render-pool.js';
import { Mutations } from './mutation.js';
import { RenderBackfill } from './render-backfill.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  const source: DatabaseSource = config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, max: 2 }
    : { kind: 'pglite', dataDir: config.dataDir };
  const metrics = new Metrics();
  const database = await openDatabase(source, metrics);
  const redis = config.redisUrl ? new RedisCache(config.redisUrl, { commandTimeoutMs: 2000 }) : null;
  const pool = new RenderPool();
  try {
    await runMigrations(database, config.databaseUrl);
    if (redis) await redis.ready(3000);
    const cache = new ForumCacheService({
      backend: redis, db: database.db, owner: database.owner, ttl: config.ttl, metrics, logger, pollMs: 0,
    });
    const mutations = new Mutations(database, cache, { leaveToServers: redis === null && source.kind === 'postgres' });
    const summary = await new RenderBackfill(database.db, mutations, pool, logger, { progressEveryMs: 2000 }).run();
    if (summary.total === 0) logger.info('render backfill: every post is rendered by the current renderer');
    await cache.close();
    if (summary.failed > 0) process.exitCode = 1;
  } finally {
    await pool.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLocked) console.error(`render:backfill: ${error.message}`);
  else console.error('render:backfill: failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
