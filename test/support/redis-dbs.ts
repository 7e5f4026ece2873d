// Redis databases 1-15 of the local Redis, shared by every test run on the machine: each worker of a run flushes the
// one it uses, so two runs at once (two engineers, a helper beside CI) would wipe each other's caches mid-test. A run
// claims the databases its workers use, in database 0, before they start (global-setup.ts), keeps the claims alive
// while it runs, and gives them back at the end; a claim of a run that died expires by itself.
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

const CLAIM_MS = 120_000;
const claimKey = (db: number) => `forum-test:redis-db:${db}`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export interface RedisDbClaim { dbs: number[]; release(): Promise<void> }

/** Claims `count` free databases among 1-15 for this run, or null when Redis is unreachable (the tests then skip or fail). */
export async function claimRedisDbs(url: string, count: number): Promise<RedisDbClaim | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await client.connect();
  } catch {
    client.disconnect();
    return null;
  }
  const token = `${hostname()}:${process.pid}:${Date.now()}`;
  const dbs: number[] = [];
  for (let db = 1; db <= 15 && dbs.length < count; db++) {
    if (await client.set(claimKey(db), token, 'PX', CLAIM_MS, 'NX') === 'OK') dbs.push(db);
  }
  if (dbs.length < count) {
    for (const db of dbs) await client.eval(RELEASE, 1, claimKey(db), token);
    client.disconnect();
    throw new Error(`test Redis databases: other test runs on this machine hold all but ${dbs.length} of databases 1-15 `
      + `(keys ${claimKey(1)} ... in database 0); wait for them, or delete their keys if those runs are gone`);
  }
  const renew = setInterval(() => {
    for (const db of dbs) void client.eval(RENEW, 1, claimKey(db), token, String(CLAIM_MS)).catch(() => {});
  }, CLAIM_MS / 4);
  renew.unref();
  return {
    dbs,
    async release() {
      clearInterval(renew);
      for (const db of dbs) await client.eval(RELEASE, 1, claimKey(db), token).catch(() => {});
      client.disconnect();
    },
  };
}

/** The database this test worker uses: one of its run's claims (one per worker), or by pool id without claims. */
export function testRedisDb(): number {
  const dbs = inject('redisDbs');
  const pool = Number(process.env.VITEST_POOL_ID ?? 1);
  return dbs.length > 0 ? dbs[(pool - 1) % dbs.length]! : 1 + (pool % 15);
}

declare module 'vitest' {
  interface ProvidedContext { redisDbs: number[] }
}
