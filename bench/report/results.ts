// Every figure of one run, and the issue's targets judged against them. results.json is this object.
import type { SeedOptions } from '../../src/seed/generate.js';
import type { Timing } from '../lib/options.js';
import type { Target, TargetName } from '../lib/servers.js';
import type { InvalidationPoint } from '../scenarios/invalidation.js';
import type { ListIndexPoint } from '../scenarios/list-index.js';
import type { LiveResult } from '../scenarios/live.js';
import type { WorkersResult } from '../scenarios/workers.js';
import type { MixedResult } from '../scenarios/mixed.js';
import type { MarkdownCost } from '../scenarios/markdown.js';
import type { OutboxCost } from '../scenarios/outbox-cost.js';
import type { PeopleResult } from '../scenarios/people.js';
import type { ReadingResult } from '../scenarios/reading.js';
import type { StatementCount } from '../scenarios/n-plus-one.js';
import type { ReadKey, ReadQuery, ReadRun } from '../scenarios/read-paths.js';
import type { StampedeResult } from '../scenarios/stampede.js';
import type { ProfileSummary } from './cpu-profile.js';
import type { MachineInfo } from './machine.js';

export interface BenchResults {
  date: string;
  command: string;
  size: string;
  quick: boolean;
  seed: SeedOptions & { action: 'reused' | 'seeded' };
  connections: number;
  timing: Timing;
  peerTtlS: number;
  machine: MachineInfo;
  versions: Record<string, string>;
  targets: Target[];
  read: { queries: Omit<ReadQuery, 'body'>[]; runs: ReadRun[] };
  mixed: MixedResult[];
  invalidation: InvalidationPoint[];
  /** What the transactional outbox adds to a mutation (with the invalidation scenario). */
  outbox?: OutboxCost | null;
  /** What Markdown costs: rendering on write, and a thread page miss with stored renderings (issue 19). */
  markdown?: MarkdownCost | null;
  /** Lists maintained on write at the database's size. */
  lists?: ListIndexPoint[];
  /** Forum people: a rename of a user with 10,000 posts beside one with 10; a profile page hit beside a thread page hit. */
  people?: PeopleResult | null;
  /** Reading a long thread: its last page beside its first (CACHE=off); a signed-in thread page hit beside an anonymous one. */
  reading?: ReadingResult | null;
  /** Subscriptions: delivery latency and CPU per event (1,000 subscribers, two processes). */
  live?: LiveResult | null;
  /** With --live-baseline: the live scenario on the baseline build and on this one, in the order run. */
  liveRounds?: { build: 'baseline' | 'this'; loadAverage: number; result: LiveResult }[];
  /** Scale-out: cached thread pages with 1 and 2 workers, on one Redis and on a Redis Cluster. */
  workers?: WorkersResult | null;
  stampede: StampedeResult[];
  nPlusOne: StatementCount[];
  /** The forum's thread-page hit and the floor's, each under --cpu-prof (with --profile). */
  profile: ProfileSummary[] | null;
  goals: Goal[];
  summary: string;
  elapsedS: number;
  /** 1-minute load averages: the machine is shared with other work, which these show. */
  loadAverage: { start: number; end: number };
}

export interface Goal { goal: string; measured: string; met: boolean | null }

export const rpsOf = (runs: ReadRun[], target: TargetName, query: ReadKey) =>
  runs.find((r) => r.target === target && r.query === query)?.load.rps ?? null;

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
const x = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)}x`);
const pct = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v * 100)}%`);

/** The last line the command prints. */
export function summaryLine(runs: ReadRun[]): string {
  const hit = rpsOf(runs, 'forum-redis', 'thread');
  return `bench: thread page hit = ${x(ratio(hit, rpsOf(runs, 'cache-off', 'thread')))} CACHE=off, `
    + `${pct(ratio(hit, rpsOf(runs, 'floor', 'thread')))} of node:http floor, `
    + `${x(ratio(hit, rpsOf(runs, 'apollo-redis', 'thread')))} apollo-response-cache`;
}

/** The issue's targets, each with what was measured and whether it holds (null: not measured in this run). */
export function judge(r: Pick<BenchResults, 'read' | 'mixed' | 'invalidation' | 'stampede' | 'nPlusOne'>): Goal[] {
  const goals: Goal[] = [];
  const runs = r.read.runs;
  for (const [ours, apollo, yoga, label] of [
    ['forum-redis', 'apollo-redis', 'yoga-redis', 'Redis'], ['forum-memory', 'apollo-memory', 'yoga-memory', 'in-process'],
  ] as const) {
    const hit = rpsOf(runs, ours, 'thread');
    const off = ratio(hit, rpsOf(runs, 'cache-off', 'thread'));
    const floor = ratio(hit, rpsOf(runs, 'floor', 'thread'));
    const vsApollo = ratio(hit, rpsOf(runs, apollo, 'thread'));
    const vsYoga = ratio(hit, rpsOf(runs, yoga, 'thread'));
    goals.push({ goal: `thread page hit (${label}) ≥ 10x CACHE=off`, measured: x(off), met: off === null ? null : off >= 10 });
    // Issue 10: Redis ≥ 50%, in process ≥ 75% of the floor; a 304 revalidation ≥ 60% of the floor's whole page.
    const goal = ours === 'forum-redis' ? 0.5 : 0.75;
    goals.push({ goal: `thread page hit (${label}) ≥ ${goal * 100}% of the node:http floor`, measured: pct(floor), met: floor === null ? null : floor >= goal });
    const revalidate = ratio(rpsOf(runs, ours, 'revalidate'), rpsOf(runs, 'floor', 'thread'));
    goals.push({ goal: `thread page revalidation, 304 (${label}) ≥ 60% of the node:http floor`, measured: pct(revalidate), met: revalidate === null ? null : revalidate >= 0.6 });
    goals.push({
      goal: `thread page hit (${label}) ahead of both peers (${label})`,
      measured: `${x(vsApollo)} apollo, ${x(vsYoga)} yoga`,
      met: vsApollo === null || vsYoga === null ? null : vsApollo > 1 && vsYoga > 1,
    });
  }
  // The targets are judged on the steady phase (a forum that has been serving), where a run has one.
  const mixedOf = (target: TargetName) => r.mixed.find((m) => m.target === target && m.phase === 'steady')
    ?? r.mixed.find((m) => m.target === target && (m.phase ?? 'cold') === 'cold');
  for (const [ours, peer, label] of [['forum-redis', 'apollo-redis', 'Redis'], ['forum-memory', 'apollo-memory', 'in process']] as const) {
    const a = mixedOf(ours);
    const b = mixedOf(peer);
    if (!a || !b) continue;
    const times = ratio(a.load.rps, b.load.rps);
    goals.push({
      goal: `mixed workload${a.phase === 'steady' ? ', steady' : ''} (${label}): ≥ 2x apollo-response-cache's throughput, lower p99`,
      measured: `${x(times)}, p99 ${a.load.p99Ms} against ${b.load.p99Ms} ms`,
      met: times !== null && times >= 2 && a.load.p99Ms < b.load.p99Ms,
    });
  }
  const forumMixed = mixedOf('forum-redis');
  if (forumMixed) {
    const entityKinds = ['thread', 'thread_list', 'category'].filter((k) => forumMixed.hitRatio[k] !== undefined);
    const worst = Math.min(...entityKinds.map((k) => forumMixed.hitRatio[k]!));
    const response = forumMixed.hitRatio.response;
    goals.push({
      goal: `hit ratio ≥ 95% in the mixed workload${forumMixed.phase === 'steady' ? ', steady' : ''} (every entry kind)`,
      measured: `${entityKinds.map((k) => `${k} ${pct(forumMixed.hitRatio[k]!)}`).join(', ')}`
        + `${response === undefined ? '' : `; response fast path ${pct(response)}`}`,
      met: entityKinds.length > 0 && worst >= 0.95,
    });
    const stale = forumMixed.stale.thread.stale + forumMixed.stale.list.stale;
    goals.push({ goal: 'no stale read under the mixed workload (ForumCacheService)', measured: `${stale} stale of ${forumMixed.stale.thread.probes + forumMixed.stale.list.probes} sampled`, met: stale === 0 });
  }
  if (r.invalidation.length > 1) {
    const small = r.invalidation[0]!;
    const large = r.invalidation.at(-1)!;
    // A bump is one MSET of one or two keys whatever the entry count, so both operations are one sample of the
    // same cost: the fastest of them is that cost, medians of ~0.05 ms carry the shared machine's noise.
    const fastest = (p: InvalidationPoint) => Math.min(p.stampCategoryMinMs, p.stampAllMinMs);
    const growthMin = fastest(large) / fastest(small);
    const growthMedian = Math.max(large.stampCategoryMs / small.stampCategoryMs, large.stampAllMs / small.stampAllMs);
    const e = (n: number) => n.toExponential(0).replace('e+', 'e');
    goals.push({
      goal: `invalidation time at ${e(large.entries)} entries ≤ 1.5x that at ${e(small.entries)}`,
      measured: `${growthMin.toFixed(2)}x fastest, ${growthMedian.toFixed(2)}x median (SCAN+DEL: ${(large.scanDelAllMs / small.scanDelAllMs).toFixed(0)}x)`,
      met: growthMin <= 1.5,
    });
  }
  for (const s of r.stampede.filter((s) => s.loadsPerKey !== null)) {
    goals.push({ goal: `one database load per key under the stampede (${s.target})`, measured: `${s.loadsPerKey} per key`, met: s.loadsPerKey === 1 });
  }
  // What a miss costs (issue 9, item 0): CACHE=off builds every page as a miss does.
  const missVsFloor = ratio(rpsOf(runs, 'cache-off', 'thread'), rpsOf(runs, 'floor', 'thread'));
  if (missVsFloor !== null) {
    goals.push({ goal: 'CACHE=off thread page ≥ 5% of the node:http floor', measured: `${(missVsFloor * 100).toFixed(1)}%`, met: missVsFloor >= 0.05 });
  }
  for (const [kind, most] of [['thread page', 5], ['thread list', 3]] as const) {
    const counts = r.nPlusOne.filter((c) => c.kind === kind);
    if (counts.length === 0) continue;
    goals.push({
      goal: `SQL statements per uncached ${kind} ≤ ${most} and flat in page size`,
      measured: counts.map((c) => `${c.size}: ${c.statements}`).join(', '),
      met: counts.every((c) => c.statements === counts[0]!.statements && c.statements <= most),
    });
  }
  return goals;
}
