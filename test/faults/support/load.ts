// What the outage drills (Redis, Redis Cluster) share: the workload run in the background while a fault acts, the
// hit ratio of a read-only stretch, and what each server's /healthz says of its cache.
import type { Workload } from '../consistency/workload.js';
import { cacheRequests, type HttpClient } from './http.js';

async function hitsAndMisses(clients: HttpClient[]) {
  const all = await Promise.all(clients.map(async (c) => cacheRequests(await c.metricsText())));
  return all.reduce((a, b) => ({ hit: a.hit + b.hit, miss: a.miss + b.miss }), { hit: 0, miss: 0 });
}

/** The hit ratio of a read-only stretch of the workload. */
export async function readOnlyHitRatio(workload: Workload, clients: HttpClient[], ms: number): Promise<number> {
  const before = await hitsAndMisses(clients);
  const stopAt = Date.now() + ms;
  await workload.run({ ops: Infinity, mix: 'reads', until: () => Date.now() > stopAt, deadline: stopAt + 5000 });
  const after = await hitsAndMisses(clients);
  const hit = after.hit - before.hit;
  const total = hit + after.miss - before.miss;
  return total === 0 ? 0 : hit / total;
}

/** What each server's /healthz says of its cache. */
export function cacheStates(clients: HttpClient[]): Promise<string[]> {
  return Promise.all(clients.map(async (c) => (await c.healthz()).body?.cache ?? 'unknown'));
}

/**
 * Runs the workload in the background while `during` acts (at most `deadlineMs`); resolves with the requests that
 * failed meanwhile.
 */
export async function underLoad(workload: Workload, during: () => Promise<void>, deadlineMs = 60_000): Promise<string[]> {
  const failedBefore = workload.failures.length;
  let done = false;
  const load = workload.run({ ops: Infinity, until: () => done, deadline: Date.now() + deadlineMs });
  try {
    await during();
  } finally {
    done = true;
    await load;
  }
  return workload.failures.slice(failedBefore);
}
