// Starts a real forum server on a free port for a test: PGlite or a fresh PostgreSQL database, and the
// in-process cache, a Redis database of its own, or no cache. Talks to it over HTTP as a client would.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { createApp, type ForumApp } from '../../src/app.js';
import type { QueryObserver } from '../../src/db/client.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { afterAll, beforeAll } from 'vitest';
import { loadPgliteImage } from './pglite-image.js';
import { OwnRedisCluster } from './redis-cluster.js';
import { testRedisDb } from './redis-dbs.js';
import { POSTGRES_URL, REDIS_URL } from './services.js';

export type DbKind = 'pglite' | 'postgres';
export type CacheKind = 'memory' | 'redis' | 'cluster' | 'off';

export interface ForumOptions {
  db: DbKind;
  cache?: CacheKind;
  /** Share another server's database and Redis (two processes on one PostgreSQL and Redis). */
  shareWith?: TestForum;
  config?: Partial<Config>;
  cachePollMs?: number;
  /** The cache lease (app option cacheLease); by default none while the poll is off, else 3 s with a 1 s grace. */
  cacheLease?: { ms: number; graceMs: number };
  redisUrl?: string;
  /** Seed nodes of the Redis Cluster (cache 'cluster'); defaults to the file's own (useOwnRedisCluster). */
  redisClusterNodes?: string;
  /** The WebSocket keep-alive ping interval (12 s by default). */
  liveKeepAliveMs?: number;
  /** Run the rendering backfill at start-up (off by default here: it would add statements to counted windows). */
  renderBackfill?: boolean;
  /** PostgreSQL: an existing database to serve (kept afterwards) instead of a fresh one. */
  databaseUrl?: string;
  /** Sees every statement the data layer sends (src/db/client.ts). */
  onQuery?: QueryObserver;
}

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string }; path?: (string | number)[] }[];
}

export interface TestForum {
  app: ForumApp;
  url: string;
  databaseUrl?: string;
  redisUrl?: string;
  redisClusterNodes?: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** gql that fails the test on any error, returning data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** The first error's code (and fails when the call succeeded). */
  code(query: string, variables?: Record<string, unknown>, token?: string): Promise<string | undefined>;
  dbQueries(): Promise<number>;
  close(): Promise<void>;
}

async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `forum_t_${randomBytes(5).toString('hex')}`;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await again.end();
    },
  };
}

/** A Redis database index of this vitest worker's own, emptied: suites in parallel workers never share entries. */
async function freshRedisUrl(): Promise<string> {
  const index = testRedisDb();
  const url = new URL(REDIS_URL);
  url.pathname = `/${index}`;
  const client = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  await client.flushdb();
  client.disconnect();
  return url.toString();
}

let fileCluster: OwnRedisCluster | undefined;

/**
 * A Redis Cluster (3 masters, 3 replicas) for this test file's forums with cache 'cluster', started before its tests
 * and stopped by PID after them. Call inside a describe; the cluster is returned once started.
 */
export function useOwnRedisCluster(): () => OwnRedisCluster {
  beforeAll(async () => { fileCluster = await OwnRedisCluster.start(); }, 60_000);
  afterAll(async () => {
    await fileCluster?.stop();
    fileCluster = undefined;
  });
  return () => fileCluster!;
}

export async function startForum(options: ForumOptions): Promise<TestForum> {
  const cacheKind = options.cache ?? 'memory';
  let databaseUrl = options.shareWith?.databaseUrl ?? options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (options.db === 'postgres' && !databaseUrl) {
    const created = await createPostgresDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const redisUrl = cacheKind === 'redis'
    ? options.redisUrl ?? options.shareWith?.redisUrl ?? await freshRedisUrl()
    : undefined;
  let redisClusterNodes: string | undefined;
  if (cacheKind === 'cluster') {
    redisClusterNodes = options.redisClusterNodes ?? options.shareWith?.redisClusterNodes;
    if (!redisClusterNodes) {
      if (!fileCluster) throw new Error("cache 'cluster' needs useOwnRedisCluster() in the test file");
      await fileCluster.flush();
      redisClusterNodes = fileCluster.seeds;
    }
  }
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    databaseUrl,
    redisUrl,
    redisClusterNodes,
    cacheEnabled: cacheKind !== 'off',
    seedDemo: false,
    logLevel: 'silent',
    // Six Redis processes beside suites running in parallel: a slow answer must not suspend the cache mid-test.
    ...(cacheKind === 'cluster' ? { cacheTimeoutMs: 1500 } : {}),
    // Suites post far faster than a person: the posting limits are off unless a test sets them.
    posting: { postMax: 0, postWindowS: 60, reportMax: 0 },
    ...options.config,
  };
  const app = await createApp({
    config,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    databaseSource: options.db === 'pglite'
      ? { kind: 'pglite', loadDataDir: loadPgliteImage(), onQuery: options.onQuery }
      : options.onQuery && { kind: 'postgres', url: databaseUrl!, statementTimeoutMs: config.statementTimeoutMs, onQuery: options.onQuery },
    migrated: options.db === 'pglite',
    cachePollMs: options.cachePollMs ?? 0,
    cacheLease: options.cacheLease,
    livePruneMs: 0, // no statement of its own in a test's counted window (the backlog's bounds are tested by calls)
    viewFlushMs: 0,
    liveKeepAliveMs: options.liveKeepAliveMs,
    renderBackfill: options.renderBackfill ?? false,
  });
  const port = await app.listen(0);
  const url = `http://127.0.0.1:${port}/graphql`;

  const gql = async (query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json() as GqlResult;
    return { ...body, status: response.status };
  };

  return {
    app, url, databaseUrl, redisUrl, redisClusterNodes, gql,
    async ok(query, variables, token) {
      const result = await gql(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
    async code(query, variables, token) {
      const result = await gql(query, variables, token);
      if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
      return result.errors[0]!.extensions?.code;
    },
    // After the outbox work a mutation leaves running when it answers (its row's delete): counted with that mutation.
    dbQueries: async () => {
      await app.cache.settled();
      return app.metrics.dbQueryCount();
    },
    async close() {
      await app.close();
      await dropDatabase?.();
    },
  };
}
