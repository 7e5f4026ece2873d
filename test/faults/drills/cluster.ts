// Drill: the cache on a Redis Cluster of the suite's own (3 masters, 3 replicas, cluster-node-timeout 1.5 s), three
// server processes on it and on a database of their own. (a) The consistency workload over the three processes;
// (b) failover: under load, the master that holds every stamp (slot `{gen}`) is SIGKILLed by PID and its replica
// takes over; then the killed node is started again (it rejoins as a replica); (c) resharding: under load,
// `redis-cli --cluster reshard` moves every slot of the stamps' master (the `{gen}` slot among them) to another
// master. Every read is checked by the consistency checker, and a sweep reads everything from every process after
// each step. No request may fail; the hit ratio of a read-only stretch must recover after the failover.
import { setTimeout as sleep } from 'node:timers/promises';
import { Workload } from '../consistency/workload.js';
import type { Environment } from '../support/environment.js';
import { HttpClient } from '../support/http.js';
import { cacheStates, readOnlyHitRatio, underLoad } from '../support/load.js';
import { waitFor } from '../support/processes.js';
import { OwnRedisCluster } from '../../support/redis-cluster.js';
import type { DrillReport } from './report.js';

export interface ClusterSettings { ops: number; clients: number; seed: number; deadline: number }

const STAMPS_KEY = 'forum:{gen}:epoch';
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

export async function clusterDrill(env: Environment, settings: ClusterSettings) {
  const lines: string[] = [];
  const problems: string[] = [];
  const cluster = await OwnRedisCluster.start({ nodeTimeoutMs: 1500 });
  let workload: Workload | undefined;
  let clients: HttpClient[] = [];
  try {
    const databaseUrl = await env.createDatabase();
    const servers = [];
    for (const name of ['cluster-a', 'cluster-b', 'cluster-c']) {
      servers.push(await env.startServer(name, { DATABASE_URL: databaseUrl, REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds }));
    }
    clients = servers.map((s) => new HttpClient(s.baseUrl));
    workload = new Workload({
      serverUrls: servers.map((s) => s.baseUrl), admin: env.admin, clients: settings.clients, seed: settings.seed,
      runId: `${env.runId}c`,
    });

    // (a) consistency over three processes
    const started = Date.now();
    await workload.setup(40);
    const seeded = workload.opsDone;
    await workload.run({ ops: settings.ops, deadline: settings.deadline });
    await workload.sweep();
    const ran = workload.opsDone - seeded;
    lines.push(`(a) ${ran} operations by ${settings.clients} clients over 3 processes on the cluster in ${((Date.now() - started) / 1000).toFixed(1)} s; `
      + `${workload.checker.stats.reads} reads checked, ${workload.checker.stats.stale} stale`);
    if (ran < settings.ops) problems.push(`only ${ran} of ${settings.ops} operations ran before the deadline`);
    if (workload.failures.length > 0) problems.push(`requests failed: ${workload.failures.slice(0, 5).join(' | ')}`);

    // (b) failover of the stamps' master
    const baseline = await readOnlyHitRatio(workload, clients, 3000);
    const staleBeforeB = workload.checker.stats.stale;
    const victim = cluster.masterOf(STAMPS_KEY);
    let promotedMs = -1;
    let cacheOkMs = -1;
    const failedB = await underLoad(workload, async () => {
      await sleep(1500);
      cluster.kill(victim);
      const killedAt = Date.now();
      if (await waitFor(async () => cluster.masterOf(STAMPS_KEY) !== victim, 20_000, 50)) promotedMs = Date.now() - killedAt;
      if (await waitFor(async () => (await cacheStates(clients)).every((s) => s === 'ok'), 20_000, 100)) cacheOkMs = Date.now() - killedAt;
      await sleep(2000);
    }, 120_000);
    const afterFailover = await readOnlyHitRatio(workload, clients, 3000);
    await workload.sweep();
    const staleB = workload.checker.stats.stale - staleBeforeB;
    lines.push(`(b) stamps' master SIGKILLed under load: replica promoted ${promotedMs >= 0 ? `after ${promotedMs} ms` : 'NEVER'}, `
      + `every process serving from the cache again ${cacheOkMs >= 0 ? `after ${cacheOkMs} ms` : 'NEVER'}; ${failedB.length} failed requests; `
      + `${staleB} stale reads (sweep included); hit ratio ${pct(baseline)} before, ${pct(afterFailover)} after`);
    if (promotedMs < 0) problems.push('the replica was never promoted');
    if (cacheOkMs < 0) problems.push('a process never served from the cache again after the failover');
    if (failedB.length > 0) problems.push(`requests failed during the failover: ${failedB.slice(0, 5).join(' | ')}`);
    if (afterFailover < Math.min(0.5, baseline * 0.5)) problems.push(`the hit ratio did not recover: ${pct(afterFailover)} after, ${pct(baseline)} before`);
    await cluster.restart(victim);
    await cluster.waitHealthy();

    // (c) resharding under load: every slot of the stamps' master moves to another master
    const from = cluster.masterOf(STAMPS_KEY);
    const to = cluster.masters().find((p) => p !== from)!;
    const moving = cluster.slotCount(from);
    const staleBeforeC = workload.checker.stats.stale;
    let reshard = { status: null as number | null, output: '' };
    let reshardMs = 0;
    const failedC = await underLoad(workload, async () => {
      await sleep(1000);
      const t = Date.now();
      reshard = await cluster.reshard(from, to, moving);
      reshardMs = Date.now() - t;
      await sleep(1000);
    }, 120_000);
    await workload.sweep();
    const staleC = workload.checker.stats.stale - staleBeforeC;
    const moved = cluster.masterOf(STAMPS_KEY) === to;
    lines.push(`(c) ${moving} slots (the stamps' among them) resharded under load in ${(reshardMs / 1000).toFixed(1)} s: `
      + `${failedC.length} failed requests, ${staleC} stale reads (sweep included)`);
    if (reshard.status !== 0 || !moved) problems.push(`the reshard did not complete (exit ${reshard.status}): ${reshard.output.slice(-400)}`);
    if (failedC.length > 0) problems.push(`requests failed during the reshard: ${failedC.slice(0, 5).join(' | ')}`);

    const stale = workload.checker.stats.stale;
    if (stale > 0) problems.push(`${stale} stale reads: ${workload.checker.failures.slice(0, 3).join(' | ')}`);
    return {
      reads: workload.checker.stats.reads + workload.checker.stats.mutationsChecked,
      staleReads: stale,
      failedRequests: failedB.length + failedC.length,
      report: { name: 'redis cluster', ok: problems.length === 0, lines, problems } satisfies DrillReport,
    };
  } finally {
    workload?.close();
    clients.forEach((c) => c.close());
    for (const server of env.servers.filter((s) => s.name.startsWith('cluster-'))) await server.stop();
    await cluster.stop();
  }
}
