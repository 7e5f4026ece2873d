// Drill 1: two servers on one database and one Redis, concurrent clients, FAULT_OPS random operations, every read
// checked against the model; live readers of a few threads render and subscribe meanwhile (consistency/live-watch.ts:
// no committed change may be missing from a live page, and every one must have been announced), and live readers of
// every category's page (consistency/live-category-watch.ts: no thread may be missing from a live list); then a sweep
// of every thread and category from every server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../support/environment.js';
import { MAX_RELEVANT } from '../consistency/checker.js';
import { CategoryLiveWatch } from '../consistency/live-category-watch.js';
import { LiveWatch } from '../consistency/live-watch.js';
import { Workload } from '../consistency/workload.js';
import { HttpClient, leaseRenewals } from '../support/http.js';
import type { DrillReport } from './report.js';

export interface ConsistencySettings { ops: number; clients: number; seed: number; deadline: number }

export async function consistencyDrill(env: Environment, settings: ConsistencySettings): Promise<{ workload: Workload; report: DrillReport }> {
  const workload = new Workload({
    serverUrls: env.servers.map((s) => s.baseUrl), admin: env.admin, clients: settings.clients,
    seed: settings.seed, runId: env.runId,
  });
  const started = Date.now();
  await workload.setup(60);
  const seeded = workload.opsDone;
  const watch = new LiveWatch(env.servers.map((s) => s.baseUrl), workload.history, workload.random);
  const watched = workload.random.sample([...workload.history.committed.threads.values()].filter((t) => !t.deleted), 4);
  await watch.start(watched.map((t) => t.slug), 3);
  const categoryWatch = new CategoryLiveWatch(env.servers.map((s) => s.baseUrl), workload.history, workload.random);
  const categories = [...workload.history.committed.categories.keys()];
  categoryWatch.start(categories, 2);
  await workload.run({ ops: settings.ops, deadline: settings.deadline });
  await workload.contend(30);
  const [live, lists] = await Promise.all([watch.finish(3000), categoryWatch.finish(3000)]);
  await workload.sweep();
  const { stats } = workload.checker;
  const metricsClients = env.servers.map((s) => new HttpClient(s.baseUrl));
  const leases = leaseRenewals(...await Promise.all(metricsClients.map((c) => c.metricsText())));
  for (const c of metricsClients) c.close();
  writeFileSync(join(env.dir, 'history.jsonl'), workload.history.log.map((r) => JSON.stringify({
    seq: r.seq, name: r.name, start: r.start, end: r.end, status: r.status, threads: r.threads, scopes: r.scopes, effect: r.effect,
  }, (_k, v) => (v instanceof Set ? [...v] : v))).join('\n'));
  writeFileSync(join(env.dir, 'stale.txt'), workload.checker.failures.join('\n'));
  const problems: string[] = [];
  if (workload.failures.length > 0) problems.push(`${workload.failures.length} requests failed: ${workload.failures.slice(0, 5).join(' | ')}`);
  if (workload.history.unknownOutcomes > 0) problems.push(`${workload.history.unknownOutcomes} mutations got no answer`);
  if (workload.opsDone - seeded < settings.ops) problems.push(`only ${workload.opsDone - seeded} of ${settings.ops} operations ran before the deadline`);
  if (workload.checker.waiting > 0) problems.push(`${workload.checker.waiting} reads were never checked`);
  if (live.missed.length > 0) problems.push(`${live.missed.length} committed changes missing from live pages: ${live.missed.slice(0, 5).join(' | ')}`);
  if (live.unannounced.length > 0) problems.push(`${live.unannounced.length} committed changes not announced once: ${live.unannounced.slice(0, 5).join(' | ')}`);
  if (live.failures.length > 0) problems.push(`${live.failures.length} live requests failed: ${live.failures.slice(0, 3).join(' | ')}`);
  if (live.checked === 0) problems.push('no live page was checked');
  if (lists.missed.length > 0) problems.push(`${lists.missed.length} differences on live category pages: ${lists.missed.slice(0, 5).join(' | ')}`);
  if (lists.failures.length > 0) problems.push(`${lists.failures.length} live category requests failed: ${lists.failures.slice(0, 3).join(' | ')}`);
  if (lists.checked === 0) problems.push('no live category page was checked');
  return {
    workload,
    report: {
      name: 'consistency',
      ok: problems.length === 0 && stats.stale === 0,
      lines: [
        `${workload.opsDone - seeded} operations by ${settings.clients} clients over ${env.servers.length} servers in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${settings.seed})`,
        `${stats.reads} reads checked in ${stats.groups} values, ${stats.mutationsChecked} mutation answers checked`,
        `${stats.stale} stale reads, ${stats.ambiguous} left unchecked as ambiguous (${stats.ambiguousUnanswered} reads that overlapped a mutation which got no answer, ${stats.ambiguousCrowded} values with more than ${MAX_RELEVANT} overlapping mutations bearing on them), ${stats.inflightRegressions} older values while the newer write was still in flight (allowed), ${workload.views.regressions} viewCounts below an earlier read's (reported only)`,
        `live pages: ${live.sessions} render-then-subscribe sessions on ${watched.length} threads while writers ran, ${live.checked} checked after the last write: ${live.missed.length} changes missed, ${live.repeats} repeats of what a page already showed, ${live.resyncs} RESYNCs (refetched), ${live.events} events`,
        `live category pages: ${lists.sessions} render-then-subscribe sessions on ${categories.length} categories, ${lists.checked} checked after the last write (${lists.unchecked} past one page, not checked): ${lists.missed.length} differences, ${lists.repeats} repeats, ${lists.resyncs} RESYNCs (refetched), ${lists.events} events`,
        `announcements: ${live.committedChanges} committed post changes and deletions of the watched threads, ${live.unannounced.length} not announced once (${live.announced} events heard)`,
        `cache leases: ${leases.renewed} renewals, ${leases.refused} refused while a change waited to be applied, ${leases.failed} failed`,
        ...workload.checker.failures.slice(0, 10).map((f) => `STALE ${f}`),
        ...warningsNear(env, workload.checker.staleTimes.slice(0, 2)),
      ],
      problems,
    },
  };
}

/**
 * The servers' warnings and errors within 10 s of each stale read, for a run whose logs are gone with its machine (CI):
 * bumps that timed out, leases lost, epochs bumped, outbox rows left.
 */
function warningsNear(env: Environment, times: number[]): string[] {
  const out: string[] = [];
  if (times.length === 0) return out;
  for (const server of env.servers) {
    for (const line of server.lines) {
      let entry: { level?: number; time?: number; msg?: string; [k: string]: unknown };
      try { entry = JSON.parse(line); } catch { continue; }
      if ((entry.level ?? 0) < 40 || entry.time === undefined) continue;
      const near = times.find((t) => Math.abs(entry.time! - t) <= 10_000);
      if (near === undefined) continue;
      const { level, time, msg, pid: _p, hostname: _h, ...rest } = entry;
      const when = `${time! - near >= 0 ? '+' : ''}${time! - near} ms`;
      out.push(`LOG ${server.name} ${when} from a stale read, level ${level}: ${msg} ${JSON.stringify(rest)}`.slice(0, 300));
      if (out.length >= 12) return out;
    }
  }
  return out;
}
