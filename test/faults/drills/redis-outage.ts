// Drill 2: Redis goes away under load. (a) Our Redis is killed (SIGKILL) while the consistency workload runs:
// no request may fail, /healthz must say the cache is degraded, and once Redis is back (empty) the hit ratio must
// recover without help. (b) The proxy is cut (a partition: bytes held, new connections refused) while mutations
// run, then healed: every read, during and after, is checked by the consistency checker, then a sweep reads
// everything from both servers.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workload } from '../consistency/workload.js';
import type { Environment } from '../support/environment.js';
import { HttpClient } from '../support/http.js';
import { cacheStates, readOnlyHitRatio, underLoad } from '../support/load.js';
import { waitFor } from '../support/processes.js';
import type { DrillReport } from './report.js';

export async function redisOutageDrill(env: Environment, workload: Workload): Promise<{ report: DrillReport; failedRequests: number; staleReads: number }> {
  const clients = env.servers.map((s) => new HttpClient(s.baseUrl));
  const problems: string[] = [];
  const lines: string[] = [];
  const staleBefore = workload.checker.stats.stale;

  // (a) kill Redis under load
  const baseline = await readOnlyHitRatio(workload, clients, 3000);
  let degradedSeen = false;
  let recoveredMs = -1;
  const failedA = await underLoad(workload, async () => {
    await sleep(1500);
    await env.redis.kill();
    const killedAt = Date.now();
    degradedSeen = await waitFor(async () => (await cacheStates(clients)).every((s) => s === 'degraded'), 5000, 100);
    await sleep(Math.max(0, 3000 - (Date.now() - killedAt)));
    await env.redis.start();
    const restartedAt = Date.now();
    if (await waitFor(async () => (await cacheStates(clients)).every((s) => s === 'ok'), 15_000, 100)) {
      recoveredMs = Date.now() - restartedAt;
    }
    await sleep(2000);
  });
  const after = await readOnlyHitRatio(workload, clients, 3000);
  lines.push(`(a) Redis killed under load: ${failedA.length} failed requests; /healthz degraded: ${degradedSeen ? 'yes' : 'NO'}; `
    + `cache ok again ${recoveredMs >= 0 ? `${recoveredMs} ms after the restart` : 'NEVER'}; hit ratio ${pct(baseline)} before, ${pct(after)} after`);
  if (failedA.length > 0) problems.push(`requests failed while Redis was down: ${failedA.slice(0, 5).join(' | ')}`);
  if (!degradedSeen) problems.push('/healthz never said "cache":"degraded" while Redis was down');
  if (recoveredMs < 0) problems.push('/healthz never said "cache":"ok" again after Redis came back');
  if (after < Math.min(0.5, baseline * 0.5)) problems.push(`the hit ratio did not recover: ${pct(after)} after, ${pct(baseline)} before`);

  // (b) cut the proxy while mutations run, then heal it
  let degradedOnCut = false;
  const staleMidway = workload.checker.stats.stale;
  const failedB = await underLoad(workload, async () => {
    await sleep(1000);
    env.proxy.cut();
    degradedOnCut = await waitFor(async () => (await cacheStates(clients)).every((s) => s === 'degraded'), 5000, 100);
    await sleep(2500);
    env.proxy.heal();
    await sleep(4000);
  });
  await workload.sweep();
  const staleB = workload.checker.stats.stale - staleMidway;
  lines.push(`(b) proxy cut for ~3 s while mutations ran, then healed: ${failedB.length} failed requests; `
    + `/healthz degraded: ${degradedOnCut ? 'yes' : 'NO'}; ${staleB} stale reads during and after (sweep included)`);
  if (failedB.length > 0) problems.push(`requests failed while the proxy was cut: ${failedB.slice(0, 5).join(' | ')}`);
  if (!degradedOnCut) problems.push('/healthz never said "cache":"degraded" while the proxy was cut');
  // (c) A hard partition that only one server notices: B caches a thread, the proxy is severed, A renames the
  // thread (its bump cannot reach Redis and waits in PostgreSQL), the proxy heals, B reconnects without ever having
  // failed a call, and reads the thread again.
  const staleC = await quietServerAfterPartition(env, clients);
  lines.push(`(c) hard partition noticed by one server only: ${staleC.length} stale reads of 5 renames read on the other server after healing`);
  if (staleC.length > 0) problems.push(`stale after a partition the reading server did not notice: ${staleC.slice(0, 3).join(' | ')}`);
  clients.forEach((c) => c.close());
  const stale = workload.checker.stats.stale - staleBefore + staleC.length;
  return {
    failedRequests: failedA.length + failedB.length,
    staleReads: staleC.length,
    report: {
      name: 'redis outage', ok: problems.length === 0 && stale === 0, lines,
      problems: [...problems, ...(stale > 0 ? [`${stale} stale reads: ${workload.checker.failures.slice(-3).join(' | ')}`] : [])],
    },
  };
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

async function quietServerAfterPartition(env: Environment, [a, b]: HttpClient[]): Promise<string[]> {
  const { login } = await a!.ok('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: env.admin.username, p: env.admin.password });
  const slug: string = (await a!.ok('{ threads(first: 1) { nodes { slug } } }')).threads.nodes[0].slug;
  const stale: string[] = [];
  for (let round = 0; round < 5; round++) {
    await b!.ok('query($s: String!) { thread(slug: $s) { title } }', { s: slug }, login.token);
    await b!.ok('query($s: String!) { thread(slug: $s) { title } }', { s: slug }, login.token);
    env.proxy.sever();
    const title = `Renamed during a partition ${round} ${Date.now()}`;
    await a!.ok('mutation($s: String!, $t: String!) { updateThread(slug: $s, input: { title: $t }) { title } }', { s: slug, t: title }, login.token);
    env.proxy.heal();
    await sleep(600); // B's client reconnects (it retries within 500 ms); the poll that re-syncs runs once a second
    const shown = (await b!.ok('query($s: String!) { thread(slug: $s) { title } }', { s: slug }, login.token)).thread.title;
    if (shown !== title) stale.push(`round ${round}: showed "${shown}" after the rename to "${title}" returned`);
    await sleep(1500);
  }
  return stale;
}
