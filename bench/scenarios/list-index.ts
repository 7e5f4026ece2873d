// Lists maintained on write at the benchmark database's size: how long an index takes to build, what it costs in
// memory per thread, and how long a page read and an update take, on Redis and in process, beside the database's
// own page query (with its count) for the same list. Run with the others, or alone: --only lists.
import { Redis } from 'ioredis';
import { ALL_BUCKET, INDEXED_SORTS, indexEntry, memberPosition, pageStart } from '../../src/cache/list-index.js';
import type { CacheBackend } from '../../src/cache/cache-backend.js';
import { keys } from '../../src/cache/keys.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { openDatabase } from '../../src/db/client.js';
import { countThreads, findThreadPage } from '../../src/data/thread-list.query.js';
import { findListedThreads } from '../../src/data/threads.data.js';
import type { ListedThread as ListedRow } from '../../src/cache/changes.js';
import { Metrics } from '../../src/metrics.js';
import { percentile } from '../lib/workload.js';

export interface ListIndexPoint {
  store: 'redis' | 'memory' | 'database';
  threads: number;
  /** Building the all-categories index: reading the threads from PostgreSQL, and loading them into the store (ms). */
  readMs: number;
  loadMs: number;
  /** Redis: MEMORY USAGE of the bucket's keys; in process: heap growth (rough). */
  bytesPerThread: number | null;
  /** p50 of a first page and of a page 10,000 threads deep (or halfway), 20 threads, µs; database: page + count. */
  firstPageUs: number;
  deepPageUs: number;
  /** p50 of one thread moved to the top of every sort of the bucket (one update, as after a reply), µs. */
  updateUs: number;
}

const REPEATS = 200;
const time = async (fn: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1000;
};

async function measureStore(
  name: 'redis' | 'memory', backend: CacheBackend, threads: ListedRow[],
  readMs: number, bytes: () => Promise<number | null>,
): Promise<ListIndexPoint> {
  const token = (await backend.lists.beginBuild(ALL_BUCKET))!;
  const before = await bytes();
  const loadStart = process.hrtime.bigint();
  const entries = threads.map((t) => indexEntry(t, true));
  for (let i = 0; i < entries.length; i += 2000) await backend.lists.loadBuild(ALL_BUCKET, token, entries.slice(i, i + 2000));
  if (!(await backend.lists.finishBuild(ALL_BUCKET, token))) throw new Error('the index build was not installed');
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const after = await bytes();
  const first: number[] = [];
  const deep: number[] = [];
  const updates: number[] = [];
  const page = (await backend.lists.readPage(ALL_BUCKET, 0, null, Math.min(10_000, Math.floor(threads.length / 2))))!;
  const deepStart = pageStart('LAST_ACTIVITY', memberPosition('LAST_ACTIVITY', page.members[page.members.length - 2]!).position);
  let version = 1_000_000;
  for (let r = 0; r < REPEATS; r++) {
    first.push(await time(() => backend.lists.readPage(ALL_BUCKET, 0, null, 20)));
    deep.push(await time(() => backend.lists.readPage(ALL_BUCKET, 0, deepStart, 20)));
    const t = threads[(r * 7919) % threads.length]!;
    const now = new Date(Date.UTC(2030, 0, 1) + r * 1000).toISOString();
    const moved = indexEntry({ ...t, version: ++version, lastActivityAt: now, postCount: t.postCount + 1 }, true);
    updates.push(await time(() => backend.lists.apply([{ bucket: ALL_BUCKET, entry: moved }])));
  }
  return {
    store: name, threads: threads.length, readMs, loadMs,
    // A heap that shrank (no --expose-gc, so garbage of the read counted before) measures nothing: no figure.
    bytesPerThread: before === null || after === null || after <= before ? null : Math.round((after - before) / threads.length),
    firstPageUs: percentile(first, 50), deepPageUs: percentile(deep, 50), updateUs: percentile(updates, 50),
  };
}

export async function measureListIndex(redisUrl: string, databaseUrl: string, log: (line: string) => void): Promise<ListIndexPoint[]> {
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 2 }, new Metrics());
  const admin = new Redis(redisUrl);
  const redis = new RedisCache(redisUrl, { commandTimeoutMs: 30_000 });
  const points: ListIndexPoint[] = [];
  try {
    await redis.ready(5000);
    await admin.flushdb();
    const readStart = process.hrtime.bigint();
    const threads: ListedRow[] = [];
    for await (const rows of (await findListedThreads(database.db, null))!) threads.push(...rows);
    const readMs = Number(process.hrtime.bigint() - readStart) / 1e6;
    const base = keys.listIndex(ALL_BUCKET);
    const redisBytes = async () => {
      let total = 0;
      for (const key of ['h', ...INDEXED_SORTS.map((_, i) => `z${i + 1}`)]) total += Number(await admin.call('MEMORY', 'USAGE', `${base}${key}`, 'SAMPLES', '0') ?? 0);
      return total;
    };
    points.push(await measureStore('redis', redis, threads, readMs, redisBytes));
    const heap = async () => { global.gc?.(); return process.memoryUsage().heapUsed; };
    points.push(await measureStore('memory', new MemoryCache(), threads, readMs, heap));

    const first: number[] = [];
    const deep: number[] = [];
    const deepPosition = memberPosition('LAST_ACTIVITY', indexEntry(
      [...threads].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))[Math.min(10_000, Math.floor(threads.length / 2))]!, true,
    ).members![0]!).position;
    for (let r = 0; r < Math.min(REPEATS, 50); r++) {
      first.push(await time(() => Promise.all([findThreadPage(database.db, {}, 'LAST_ACTIVITY', 20, null), countThreads(database.db, {})])));
      deep.push(await time(() => Promise.all([findThreadPage(database.db, {}, 'LAST_ACTIVITY', 20, deepPosition), countThreads(database.db, {})])));
    }
    points.push({
      store: 'database', threads: threads.length, readMs: 0, loadMs: 0, bytesPerThread: null,
      firstPageUs: percentile(first, 50), deepPageUs: percentile(deep, 50), updateUs: 0,
    });
    for (const p of points) {
      log(`  lists ${p.store.padEnd(8)} ${p.threads} threads: build ${p.readMs.toFixed(0)} + ${p.loadMs.toFixed(0)} ms, `
        + `${p.bytesPerThread ?? '–'} B/thread, page ${p.firstPageUs.toFixed(0)} µs (deep ${p.deepPageUs.toFixed(0)} µs), update ${p.updateUs.toFixed(0)} µs`);
    }
  } finally {
    await admin.flushdb().catch(() => {});
    admin.disconnect();
    await redis.close();
    await database.close();
  }
  return points;
}
