// Scenario 2, the mixed forum workload on one target: throughput and latency, per-kind hit ratios and SQL
// statements per request from the server's /metrics, and stale reads sampled while it runs.
import { loadavg } from 'node:os';
import { cpuUsBetween, cpuUsByCommand, cpuUsPrecise } from '../lib/cpu.js';
import type { Sql } from 'postgres';
import { backupPosts, type Writer } from '../lib/bench-db.js';
import type { Catalog } from '../lib/catalog.js';
import { load, type LoadResult } from '../lib/load.js';
import { delta, labelValues, scrape, type Samples } from '../lib/scrape.js';
import type { RunningServer, TargetName } from '../lib/servers.js';
import { StaleProbe, type StaleReport } from '../lib/stale-probe.js';
import { MixedWorkload, percentile, READ_KINDS, type RequestKind } from '../lib/workload.js';

export interface KindSummary { requests: number; errors: number; p50Ms: number; p99Ms: number }

/**
 * cold: right after start, as the scenario always ran (a 6 s run reads most of the Zipf tail for the first time);
 * steady: after every thread page and list was read once (bench/lib/prewarm.ts), as on a forum that has been serving.
 */
export const MIXED_PHASES = ['cold', 'steady'] as const;
export type MixedPhase = typeof MIXED_PHASES[number];

export interface MixedResult {
  target: TargetName;
  /** Absent in results written before the steady phase existed (they were cold). */
  phase?: MixedPhase;
  load: LoadResult;
  reads: number;
  writes: number;
  kinds: Partial<Record<RequestKind, KindSummary>>;
  /** ForumCacheService: hit ratio per cache kind; peers: their response cache as `response`. */
  hitRatio: Record<string, number>;
  /**
   * ForumCacheService: share of lookups per kind that caused no database load of their own (a miss that joined
   * another request's load in flight counts as a miss above but made no load).
   */
  noLoadRatio: Record<string, number>;
  sqlPerRequest: number;
  stale: StaleReport;
  loadAverage: number;
  /**
   * The server process's own CPU time (all its threads) per request of the measured run: what a request costs the
   * server, apart from the load generator, PostgreSQL, Redis and other work on a shared machine. Absent in older results.
   */
  serverCpuUsPerRequest?: number;
  /**
   * Where the machine's CPU went during the measured run, in cores (1 = one core busy the whole run): the server,
   * PostgreSQL's processes, Redis, and the bench process (the load generator and the stale probe). Absent in older results.
   */
  cores?: { server: number; postgres: number; redis: number; loadGenerator: number };
  /** When the measured run started and ended (performance.now() of the bench process): cuts a profile to it. */
  measuredMs?: { from: number; to: number };
}

/** A reading of the CPU so far of PostgreSQL's processes, Redis and this bench process (the load generator). */
function othersCpu(): { processes: ReturnType<typeof cpuUsByCommand>; bench: number } {
  return { processes: cpuUsByCommand(['postgres', 'redis-server']), bench: cpuUsPrecise(process.pid) };
}

export interface MixedSettings { connections: number; warmupS: number; durationS: number; phase: MixedPhase }

/** One workload per target, for both phases: reactions it added stay added, so counts only grow (the probe relies on it). */
export function mixedWorkload(catalog: Catalog, writers: Writer[], seed: number): MixedWorkload {
  return new MixedWorkload(catalog, writers, seed, 500);
}

export async function measureMixed(server: RunningServer, workload: MixedWorkload, sql: Sql, settings: MixedSettings): Promise<MixedResult> {
  await backupPosts(sql, workload.editablePostIds());
  const probe = new StaleProbe(server.graphql, workload);
  let before: Samples = new Map();
  const loadAverage = loadavg()[0]!;
  let measuredFrom = 0;
  let cpuFrom = 0;
  let othersFrom: ReturnType<typeof othersCpu> | null = null;
  const result = await load({
    title: `${server.target.name.padEnd(13)} mixed`, url: server.graphql, requests: [workload.request()],
    connections: settings.connections, durationS: settings.durationS, warmupS: settings.warmupS,
    afterWarmup: async () => {
      before = await scrape(server.base);
      workload.resetStats();
      probe.start();
      measuredFrom = performance.now();
      cpuFrom = cpuUsPrecise(server.pid);
      othersFrom = othersCpu();
    },
  });
  const measuredTo = performance.now();
  const cpuTo = cpuUsPrecise(server.pid);
  const othersTo = othersCpu();
  const coresOf = (us: number) => us / ((measuredTo - measuredFrom) * 1000);
  const others = cpuUsBetween(othersFrom!.processes, othersTo.processes);
  const stale = await probe.stop();
  const after = await scrape(server.base);

  const kinds: MixedResult['kinds'] = {};
  let reads = 0;
  let writes = 0;
  for (const [kind, stats] of workload.stats) {
    kinds[kind] = { requests: stats.requests, errors: stats.errors, p50Ms: percentile(stats.latencies, 50), p99Ms: percentile(stats.latencies, 99) };
    if (READ_KINDS.includes(kind)) reads += stats.requests;
    else writes += stats.requests;
  }
  const hitRatio: Record<string, number> = {};
  const noLoadRatio: Record<string, number> = {};
  if (server.target.family === 'forum') {
    for (const kind of labelValues(after, 'forum_cache_requests_total', 'kind')) {
      const hits = delta(before, after, 'forum_cache_requests_total', { kind, result: 'hit' });
      const misses = delta(before, after, 'forum_cache_requests_total', { kind, result: 'miss' });
      if (hits + misses === 0) continue;
      hitRatio[kind] = hits / (hits + misses);
      if (kind !== 'response') noLoadRatio[kind] = 1 - delta(before, after, 'forum_cache_loads_total', { kind }) / (hits + misses);
    }
  } else {
    // The stale probe's reads go through the same cache.
    const probed = stale.thread.probes + stale.list.probes;
    hitRatio.response = delta(before, after, 'peer_response_cache_requests_total', { result: 'hit' }) / Math.max(1, reads + probed);
  }
  return {
    target: server.target.name, phase: settings.phase, load: result, reads, writes, kinds, hitRatio, noLoadRatio,
    sqlPerRequest: delta(before, after, 'forum_db_queries_total') / Math.max(1, reads + writes), stale, loadAverage,
    measuredMs: { from: measuredFrom, to: measuredTo }, serverCpuUsPerRequest: (cpuTo - cpuFrom) / Math.max(1, result.requests),
    cores: {
      server: coresOf(cpuTo - cpuFrom), postgres: coresOf(others.get('postgres') ?? 0),
      redis: coresOf(others.get('redis-server') ?? 0), loadGenerator: coresOf(othersTo.bench - othersFrom!.bench),
    },
  };
}
