// Scale-out: throughput of cached thread pages with 1 and 2 server processes (WORKERS), on one Redis and on a Redis
// Cluster of the bench's own (3 masters, 3 replicas: test/support/redis-cluster.ts), measured side by side in
// interleaved rounds (each configuration once per round, in a rotating order) on one machine. The load generator
// (autocannon) runs in the bench's own process; it is pinned apart from the servers only where the machine has
// cores to spare (4 or more: the servers' processes get the upper half, the bench the lower), and the result says
// which.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { OwnRedisCluster } from '../../test/support/redis-cluster.js';
import { JSON_HEADERS } from '../lib/queries.js';
import { httpRequest } from '../lib/http.js';
import { load } from '../lib/load.js';
import { startServer, TARGETS, type RunningServer, type ServerSettings } from '../lib/servers.js';

export interface WorkersRun { label: string; workers: number; store: 'redis' | 'cluster'; rps: number[]; medianRps: number; p99Ms: number; errors: number }

export interface WorkersResult {
  query: string;
  connections: number;
  roundS: number;
  rounds: number;
  cores: number;
  pinned: boolean;
  runs: WorkersRun[];
  /** 2 workers over 1, on one Redis and on the cluster; the cluster over one Redis with 1 worker. */
  ratios: { redis: number; cluster: number; clusterOverRedis: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Pins a process and its threads (and the workers it forks later inherit it) to a CPU list; false when it cannot. */
function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function measureWorkers(
  settings: ServerSettings, threadPageBody: string,
  opts: { connections: number; warmupS: number; roundS: number; rounds: number }, log: (line: string) => void,
): Promise<WorkersResult> {
  const forum = TARGETS.find((t) => t.name === 'forum-redis')!;
  const cores = availableParallelism();
  const half = Math.floor(cores / 2);
  const pinned = cores >= 4 && pin(process.pid, `0-${half - 1}`);
  log(`  workers: ${cores} cores; ${pinned ? `load generator on CPUs 0-${half - 1}, servers on ${half}-${cores - 1}` : 'nothing pinned (fewer than 4 cores, or no taskset): servers and load generator share every core'}`);
  const cluster = await OwnRedisCluster.start();
  const servers: { run: WorkersRun; server: RunningServer }[] = [];
  try {
    const configs = [
      { workers: 1, store: 'redis' as const }, { workers: 2, store: 'redis' as const },
      { workers: 1, store: 'cluster' as const }, { workers: 2, store: 'cluster' as const },
    ];
    for (const { workers, store } of configs) {
      const label = `${workers} worker${workers > 1 ? 's' : ''}, ${store === 'redis' ? 'one Redis' : 'Redis Cluster (3+3)'}`;
      const env: Record<string, string> = { WORKERS: String(workers) };
      if (store === 'cluster') Object.assign(env, { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds });
      const server = await startServer(forum, { ...settings, env, logName: `workers-${workers}-${store}` });
      if (pinned) pin(server.pid, `${half}-${cores - 1}`);
      // Every worker answers once before measuring (the primary hands fresh connections round-robin).
      for (let i = 0; i < 4 * workers; i++) {
        const response = await httpRequest(server.graphql, { headers: { ...JSON_HEADERS, connection: 'close' }, body: threadPageBody });
        if (response.status !== 200 || response.text.includes('"errors"')) throw new Error(`${label}: ${response.status} ${response.text.slice(0, 200)}`);
      }
      servers.push({ server, run: { label, workers, store, rps: [], medianRps: 0, p99Ms: 0, errors: 0 } });
    }
    for (const { server, run } of servers) {
      await load({ title: `warm-up ${run.label}`, url: server.graphql, connections: opts.connections, durationS: opts.warmupS, warmupS: 0, body: threadPageBody, quiet: true });
    }
    const p99s = new Map<WorkersRun, number[]>();
    for (let round = 0; round < opts.rounds; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const { server, run } of order) {
        const result = await load({
          title: `${run.label} (round ${round + 1}/${opts.rounds})`, url: server.graphql, connections: opts.connections,
          durationS: opts.roundS, warmupS: 0, body: threadPageBody, quiet: true,
        });
        run.rps.push(result.rps);
        run.errors += result.errors + result.non2xx;
        p99s.set(run, [...(p99s.get(run) ?? []), result.p99Ms]);
      }
    }
    for (const { run } of servers) {
      run.medianRps = median(run.rps);
      run.p99Ms = median(p99s.get(run) ?? [0]);
      log(`  workers: ${run.label}: ${run.medianRps.toFixed(0)} req/s (median of ${run.rps.map((r) => r.toFixed(0)).join(', ')}), p99 ${run.p99Ms.toFixed(1)} ms, ${run.errors} errors`);
    }
    const rpsOf = (workers: number, store: string) => servers.find((s) => s.run.workers === workers && s.run.store === store)!.run.medianRps;
    const ratios = {
      redis: rpsOf(2, 'redis') / rpsOf(1, 'redis'),
      cluster: rpsOf(2, 'cluster') / rpsOf(1, 'cluster'),
      clusterOverRedis: rpsOf(1, 'cluster') / rpsOf(1, 'redis'),
    };
    log(`  workers: 2 workers / 1: ${ratios.redis.toFixed(2)}x on one Redis, ${ratios.cluster.toFixed(2)}x on the cluster; cluster / one Redis (1 worker): ${ratios.clusterOverRedis.toFixed(2)}x`);
    return {
      query: 'thread page (anonymous, cached)', connections: opts.connections, roundS: opts.roundS, rounds: opts.rounds, cores, pinned,
      runs: servers.map((s) => s.run), ratios,
    };
  } finally {
    await Promise.all(servers.map(({ server }) => server.stop()));
    await cluster.stop();
  }
}
