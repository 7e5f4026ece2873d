// npm run cache:clear — makes every cached entry unreachable at once (after manual database edits).
// It bumps the global epoch in Redis, and records the same change in the outbox in PostgreSQL, where every running
// server (in-process caches included) applies it at once (NOTIFY) or within a second (its poll).
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { insertOutbox, notifyOutbox } from '../data/outbox.data.js';
import type { DomainChange } from './changes.js';
import { Metrics } from '../metrics.js';
import { stamps } from './keys.js';
import { RedisCache } from './redis-cache.js';
import { parseClusterNodes, RedisClusterCache } from './redis-cluster-cache.js';

async function main() {
  const config = loadConfig();
  const done: string[] = [];
  if (config.redisUrl || config.redisClusterNodes) {
    const redis = config.redisUrl
      ? new RedisCache(config.redisUrl, { commandTimeoutMs: 2000 })
      : new RedisClusterCache(parseClusterNodes(config.redisClusterNodes!), { commandTimeoutMs: 2000 });
    try {
      await redis.ready(3000);
      await redis.bump([stamps.epoch()]);
      done.push(config.redisUrl ? 'Redis epoch bumped' : 'Redis Cluster epoch bumped');
    } finally {
      await redis.close();
    }
  }
  if (config.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl, max: 1 }, new Metrics());
    try {
      const cleared: DomainChange = { type: 'cache.cleared' };
      await insertOutbox(database.db, [cleared]);
      await notifyOutbox(database.db);
      done.push('running servers will drop their entries within a second');
    } finally {
      await database.close();
    }
  }
  if (done.length === 0) {
    console.log('cache:clear: no REDIS_URL, REDIS_CLUSTER_NODES or DATABASE_URL: the in-process cache lives inside the server; restarting it empties the cache');
    return;
  }
  console.log(`cache:clear: ${done.join('; ')}`);
}

main().catch((error: unknown) => {
  console.error(`cache:clear: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
