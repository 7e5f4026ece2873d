// results.md: the run's figures as Markdown tables, targets first.
import type { TargetName } from '../lib/servers.js';
import type { ReadKey } from '../scenarios/read-paths.js';
import type { ProfileSummary } from './cpu-profile.js';
import { rpsOf, type BenchResults } from './results.js';

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function profileMarkdown(p: ProfileSummary): string {
  return [
    `${p.label}: ${n(p.requests)} requests, ${n(p.busyMs)} ms busy (${p.busyUsPerRequest} µs of CPU per request), ${n(p.idleMs)} ms idle.`,
    '',
    table(['where (self time)', 'ms', 'share of busy'], p.groups.map((g) => [g.name, n(g.ms, 1), pct(g.share)])),
    '',
    table(['hottest functions (self time)', 'ms', 'share of busy'], p.functions.slice(0, 15).map((f) => [`\`${f.name}\``, n(f.ms, 1), pct(f.share)])),
  ].join('\n');
}

export function resultsMarkdown(r: BenchResults): string {
  const label = (t: TargetName) => r.targets.find((x) => x.name === t)?.label ?? t;
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`${r.date} · \`${r.command}\` · size **${r.size}** (${n(r.seed.threads)} threads, mean ${r.seed.postsPerThread} posts, `
    + `${n(r.seed.users)} users, ${r.seed.categories} categories; data ${r.seed.action}) · ${r.connections} connections · `
    + `read paths: ${r.timing.warmupS} s warm-up, then ${r.timing.rounds} interleaved rounds of ${r.timing.roundS} s per server and path `
    + `(median round reported) · mixed: ${r.timing.mixedWarmupS} s warm-up + ${r.timing.mixedS} s · ${n(r.elapsedS)} s in all`);
  out.push('', `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.os}; Node ${r.machine.node}, `
    + `PostgreSQL ${r.machine.postgres}, Redis ${r.machine.redis}; commit ${r.machine.commit}. The load generator, the server, `
    + `PostgreSQL and Redis share these cores with whatever else runs: 1-minute load average ${r.loadAverage.start.toFixed(1)} at the start, `
    + `${r.loadAverage.end.toFixed(1)} at the end (per run in the tables).`);
  out.push('', `**${r.summary}**`, '');

  out.push('## Targets', '', table(['target', 'measured', 'met'], r.goals.map((g) => [g.goal, g.measured, g.met === null ? 'not measured' : g.met ? 'yes' : '**no**'])));

  if (r.read.runs.length > 0) {
    out.push('', '## 1. Read paths (one hot key each, cache hits after the warm-up)', '',
      'Each figure is the median of the interleaved rounds (every server once per round); all rounds are in results.json.', '');
    for (const q of r.read.queries) {
      const off = rpsOf(r.read.runs, 'cache-off', q.key as ReadKey);
      const floor = rpsOf(r.read.runs, 'floor', q.key as ReadKey);
      out.push(`### ${q.label}: ${q.subject}`, '');
      out.push(table(['server', 'req/s', 'p50 ms', 'p99 ms', '× CACHE=off', '% of floor', 'response-cache hits', 'SQL/request', 'bytes', 'same data', 'load avg'],
        r.read.runs.filter((run) => run.query === q.key).map((run) => [
          label(run.target), n(run.load.rps), run.load.p50Ms, run.load.p99Ms,
          off ? `${(run.load.rps / off).toFixed(1)}x` : '–', floor ? `${Math.round((100 * run.load.rps) / floor)}%` : '–',
          run.responseHitRatio === null ? '–' : pct(run.responseHitRatio),
          run.sqlPerRequest === null ? '–' : n(run.sqlPerRequest, 2), n(run.bytes),
          run.sameData ? 'yes' : '**no**', run.loadAverage.toFixed(1),
        ])), '');
    }
  }

  if (r.mixed.length > 0) {
    const kinds = [...new Set(r.mixed.flatMap((m) => Object.keys(m.hitRatio)))].sort();
    out.push('## 2. Mixed workload (Zipf 0.9 popularity, 30 reads : 1 write)', '');
    out.push(table(['server', 'phase', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request', 'reads', 'writes (failed)', 'write p99 ms', ...kinds.map((k) => `hit ${k}`), 'SQL/request', 'stale thread pages', 'stale lists', 'load avg'],
      r.mixed.map((m) => {
        const writeKinds = (['createPost', 'toggleReaction', 'editPost'] as const).map((k) => m.kinds[k]);
        const failed = writeKinds.reduce((sum, k) => sum + (k?.errors ?? 0), 0);
        return [
          label(m.target), m.phase ?? 'cold', n(m.load.rps), m.load.p50Ms, m.load.p99Ms,
          m.serverCpuUsPerRequest === undefined ? '–' : n(m.serverCpuUsPerRequest), n(m.reads), `${n(m.writes)} (${failed})`,
          n(Math.max(...writeKinds.map((k) => k?.p99Ms ?? 0)), 1),
          ...kinds.map((k) => pct(m.hitRatio[k])), n(m.sqlPerRequest, 2),
          `${m.stale.thread.stale} of ${m.stale.thread.probes}`, `${m.stale.list.stale} of ${m.stale.list.probes}`, m.loadAverage.toFixed(1),
        ];
      })));
    const withCores = r.mixed.filter((m) => m.cores);
    if (withCores.length > 0) {
      out.push('', 'Where the machine\'s CPU went during each measured run, in cores busy (of the machine\'s cores in the header; the '
        + 'load generator is the bench process, the stale probe included):', '');
      out.push(table(['server', 'phase', 'server', 'PostgreSQL', 'Redis', 'load generator'], withCores.map((m) => [
        label(m.target), m.phase ?? 'cold', m.cores!.server.toFixed(2), m.cores!.postgres.toFixed(2), m.cores!.redis.toFixed(2),
        m.cores!.loadGenerator.toFixed(2),
      ])));
    }
    const forum = r.mixed.find((m) => m.target === 'forum-redis' && m.phase === 'steady') ?? r.mixed.find((m) => m.target === 'forum-redis');
    if (forum && Object.keys(forum.noLoadRatio ?? {}).length > 0) {
      out.push('', `ForumCacheService on Redis, ${forum.phase ?? 'cold'} phase: lookups that made no database load of their own (a miss waiting on another request's load `
        + `counts as a miss above): ${Object.entries(forum.noLoadRatio).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}.`);
    }
    out.push('', 'Phases: `cold` runs right after the server started (a short run reads most of the Zipf tail for the first '
      + 'time); `steady` runs after every thread page (at most the 10,000 most read) and every category\'s list was read once through the server, the state of a '
      + 'forum that has been serving for a while (its caches keep entries for their TTL), then the same workload, continued.', '');
    out.push('Hit ratios: ForumCacheService per entry kind from `forum_cache_requests_total` (`response` is the response fast path '
      + 'in front of Apollo; a fast-path miss then looks up the entries); peers: reads answered from their response cache. A read is stale when it shows less than a write that had '
      + 'already returned reported (post count, reactions on the opening post, the latest edit, the newest activity in a list); the '
      + `probe samples threads and lists with recent writes. Peers cache for ${r.peerTtlS} s (their cache hint / TTL).`, '');
  }

  if (r.invalidation.length > 0) {
    out.push('## 3. Invalidation scaling (Redis, list entries across 20 categories)', '');
    out.push(table(['entries', 'stamps: one category (ms)', 'stamps: all lists (ms)', 'SCAN+DEL: one category (ms)', 'SCAN+DEL: all lists (ms)', 'verified'],
      r.invalidation.map((p) => [n(p.entries), `${p.stampCategoryMs.toFixed(3)} (min ${p.stampCategoryMinMs.toFixed(3)})`,
        `${p.stampAllMs.toFixed(3)} (min ${p.stampAllMinMs.toFixed(3)})`, n(p.scanDelCategoryMs, 1), n(p.scanDelAllMs, 1), p.verified ? 'yes' : '**no**'])), '');
    out.push('Stamps: median of 200 bumps (one MSET each), fastest in brackets. SCAN+DEL: one pass, which deletes the entries.', '');
  }
  if (r.outbox) {
    const o = r.outbox;
    out.push(`Outbox cost per mutation (PostgreSQL, p50 of ${o.repeats}, alternating): a transaction ${o.txMs.toFixed(3)} ms, `
      + `with the outbox insert ${o.txWithOutboxMs.toFixed(3)} ms (+${(o.txWithOutboxMs - o.txMs).toFixed(3)} ms); the delete after `
      + `the commit ${o.deleteMs.toFixed(3)} ms, which the mutation does not wait for.`, '');
  }

  if (r.markdown) {
    const md = r.markdown;
    out.push('## Markdown: rendering on write, and a thread page miss', '');
    out.push(table(['body', 'characters', 'HTML bytes', 'through the render pool p50 / p99 (ms)', 'in thread p50 / p99 (ms)'],
      md.write.map((w) => [w.size, n(w.chars), n(w.htmlBytes), `${w.pool.p50.toFixed(2)} / ${w.pool.p99.toFixed(2)}`,
        `${w.inThread.p50.toFixed(2)} / ${w.inThread.p99.toFixed(2)}`])), '');
    out.push(`${md.renders} renders of each, alternating. Through the pool: what a mutation waits for (a worker thread `
      + 'renders, the event loop is free); in thread: the render\'s own cost, measured in the bench process.', '');
    if (md.miss) {
      const m = md.miss;
      out.push(table([`thread page miss: the page statement (${m.posts} rows, PostgreSQL)`, 'p50 (ms)', 'mean (ms)', 'x before', 'row bytes'],
        m.statement.map((s) => [s.label, s.p50Ms.toFixed(3), s.meanMs.toFixed(3), s.ratio.toFixed(2), n(s.bytes)])), '');
      out.push(`${m.repeats} of each, alternating (in an order shuffled each repetition), the reader's page statement (findPostPageEntries) on the long thread `
        + 'and on a copy of its posts without renderings (the rows of before; their replies and reactions copied too). "x before": the median, '
        + 'over the repetitions, of the time divided by the time of before in the same repetition.', '');
      for (const page of m.server) {
        const cpuBefore = page.sides.find((s) => s.label.startsWith('before'))!.cpuMs!;
        out.push(table([`thread page miss: the whole server, CACHE=off, first ${page.first}`, 'p50 (ms)', 'mean (ms)', 'x before', 'server CPU ms / request', 'x before (CPU)', 'response bytes'],
          page.sides.map((s) => [s.label, s.p50Ms.toFixed(2), s.meanMs.toFixed(2), s.ratio.toFixed(2), s.cpuMs!.toFixed(2), (s.cpuMs! / cpuBefore).toFixed(2), n(s.bytes)])), '');
      }
      out.push(`The benchmark's thread page (bench/lib/queries.ts) with the texts named, ${m.repeats} requests of each per size, one at a time, `
        + `alternating (in an order shuffled each repetition), to one forum server with its cache off (every request a miss); "x before" as above; the server's CPU from the scheduler's `
        + `accounting of its threads (/proc schedstat). Load average ${m.loadAverage.start.toFixed(1)} `
        + `at the start, ${m.loadAverage.end.toFixed(1)} at the end.`, '');
    }
  }

  if (r.people) {
    const p = r.people;
    out.push('## Forum people: renames, and a profile page beside a thread page', '');
    out.push(table(['rename of a user with', 'threads with their posts', 'updateProfile p50 / p90 (ms)', 'stamps bumped', 'next thread page read p50 / p90 (ms)', 'then a hit p50 (ms)', 'stale next reads'],
      p.rename.map((s) => [s.label, n(s.threads), `${s.renameMs.p50.toFixed(2)} / ${s.renameMs.p90.toFixed(2)}`, n(s.stampsPerRename, 1),
        `${s.nextReadMs.p50.toFixed(2)} / ${s.nextReadMs.p90.toFixed(2)}`, s.hitMs.p50.toFixed(2), s.stale])), '');
    out.push(`${p.repeats} renames of each, alternating which goes first; each after its thread page (its first 20 posts, the user's among `
      + 'them) was read twice, so the next read finds the page cached and only the user\'s own entry renewed. One client, one request at a time.', '');
    out.push(table(['cached page (anonymous)', 'subject', 'req/s', 'p50 (ms)', 'p99 (ms)', 'errors'],
      p.hits.map((h) => [h.label, h.subject, n(h.rps), h.p50Ms, h.p99Ms, h.errors])), '');
    out.push(`${p.rounds} interleaved rounds each, one server on Redis, ${r.connections} connections; the median round's figures. Both `
      + 'are served from the stored response when anonymous (the fast path), so they differ by the size of what is sent.', '');
  }

  if (r.reading) {
    const g = r.reading;
    out.push(`## Reading a long thread (${n(g.posts)} posts)`, '');
    out.push(table(['CACHE=off, one page of 20', 'SQL statements', 'req/s', 'p50 (ms)', 'p99 (ms)', 'errors'],
      g.pages.map((p) => [p.label, p.statements, n(p.rps), p.p50Ms, p.p99Ms, p.errors])), '');
    out.push(table(['thread page hit (Redis)', 'SQL statements', 'req/s', 'x anonymous, fast path off', 'server CPU ms/request', 'p50 (ms)', 'p99 (ms)', 'errors'],
      g.hits.map((h) => [h.label, h.statements, n(h.rps), (h.rps / g.hits[1]!.rps).toFixed(2), h.cpuMsPerRequest?.toFixed(3) ?? 'n/a', h.p50Ms, h.p99Ms, h.errors])), '');
    out.push(`${g.rounds} interleaved rounds of the pages, ${g.hitRounds ?? g.rounds} of the hits (in alternating order), ${r.connections} connections; `
      + 'the median round\'s figures. The page is the thread\'s last 20 posts with viewer fields (read mark, unread count, own '
      + 'reactions). Signed in / anonymous with the fast path off, the median of the ratios within each round: '
      + `${g.signedInRatio.toFixed(2)} (goal: at least 0.67)`
      + (g.signedInCpuRatio === undefined ? '.' : `; by the server's CPU per request (its own process: PostgreSQL's and Redis's work not included): ${g.signedInCpuRatio.toFixed(2)}.`), '');
  }

  if (r.lists && r.lists.length > 0) {
    out.push(`## Lists maintained on write (${n(r.lists[0]!.threads)} threads, the all-categories index)`, '');
    out.push(table(['store', 'build: read (ms)', 'build: load (ms)', 'bytes per thread', 'first page (µs)', 'deep page (µs)', 'update (µs)'],
      r.lists.map((p) => [p.store, p.store === 'database' ? '–' : n(p.readMs), p.store === 'database' ? '–' : n(p.loadMs),
        p.bytesPerThread ?? '–', n(p.firstPageUs), n(p.deepPageUs), p.store === 'database' ? '–' : n(p.updateUs)])), '');
    out.push('Page: 20 threads sorted by LAST_ACTIVITY with totalCount; the database row is its page query and count. Deep: '
      + 'after a cursor 10,000 threads down (or halfway). Update: one thread moved in all four sorts, as after a reply.', '');
  }

  if (r.live) {
    const l = r.live;
    out.push(`## Live updates (${n(l.subscribers)} subscribers on one thread, ${l.processes} processes, ${l.replies} replies at ${l.ratePerS}/s)`, '');
    out.push(`${n(l.delivered)} of ${n(l.expected)} events delivered (${n(l.repeated)} arrived twice), measured once every subscriber had a warm-up `
      + `reply (after ${l.warmups}, ${l.warmupS.toFixed(1)} s). From the reply's transaction to the event's arrival: p50 ${l.fromTxP50Ms.toFixed(1)} ms, `
      + `p99 ${l.fromTxP99Ms.toFixed(1)} ms (goal: p99 < 100 ms); from sending the reply: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms; `
      + `${n(l.cpuUsPerEvent)} µs of server CPU per delivered event (the load generator's 1,000 clients: ${n(l.clientCpuUsPerEvent)} µs). `
      + `Taking the subscribers in (from the first connection until each had a warm-up reply): ${l.intakeS.toFixed(1)} s, `
      + `${(l.intakeCpuUsPerSubscriber / 1000).toFixed(2)} ms of server CPU per subscriber.`, '');
    if (r.liveRounds) {
      out.push('Before and after (`--live-baseline`), in the order run:', '');
      out.push(table(['build', 'load average at its end', 'subscribers', 'delivered', 'p50 / p99 from the transaction (ms)', 'p50 / p99 from sending (ms)', 'µs CPU per event (server / clients)', 'intake: s, ms CPU per subscriber'],
        r.liveRounds.map(({ build, loadAverage, result: x }) => [build, loadAverage.toFixed(1), n(x.subscribers), `${n(x.delivered)} of ${n(x.expected)}`,
          `${x.fromTxP50Ms.toFixed(1)} / ${x.fromTxP99Ms.toFixed(1)}`, `${x.p50Ms.toFixed(1)} / ${x.p99Ms.toFixed(1)}`, `${n(x.cpuUsPerEvent)} / ${n(x.clientCpuUsPerEvent)}`,
          `${x.intakeS.toFixed(1)}, ${(x.intakeCpuUsPerSubscriber / 1000).toFixed(2)}`])), '');
    }
    const p = l.replay;
    if (p) {
      out.push(`Replay: ${p.samples} subscriptions \`after\` a position ${p.events} events back (on both processes): first event p50 `
        + `${p.firstP50Ms.toFixed(1)} ms, all ${p.events} p50 ${p.p50Ms.toFixed(1)} ms, p99 ${p.p99Ms.toFixed(1)} ms, from the subscribe message; `
        + `side by side, a subscription without \`after\`: reply to its first event p50 ${p.liveP50Ms.toFixed(1)} ms.`, '');
    }
  }

  if (r.workers) {
    const sc = r.workers;
    out.push(`## Scale-out (${sc.query}; ${sc.connections} connections, ${sc.rounds} interleaved rounds of ${sc.roundS} s)`, '');
    out.push(table(['configuration', 'req/s (median)', 'rounds', 'p99 ms', 'errors'],
      sc.runs.map((run) => [run.label, n(run.medianRps), run.rps.map((x) => n(x)).join(', '), run.p99Ms.toFixed(1), run.errors])), '');
    out.push(`2 workers over 1: **${sc.ratios.redis.toFixed(2)}x** on one Redis, **${sc.ratios.cluster.toFixed(2)}x** on the cluster; the cluster `
      + `over one Redis with one worker: ${sc.ratios.clusterOverRedis.toFixed(2)}x. ${sc.cores} cores; ${sc.pinned ? 'load generator pinned apart from the servers' : 'nothing pinned: the load generator, the servers and the Redis processes share every core'}.`, '');
  }

  if (r.stampede.length > 0) {
    out.push('## 4. Stampede (200 concurrent requests, one cold thread page)', '');
    out.push(table(['server', 'answered', 'identical', 'cache loads (thread kind)', 'loads per key', 'SQL statements', 'wall ms'],
      r.stampede.map((s) => [label(s.target), `${s.ok}/${s.requests}`, s.identical ? 'yes' : '**no**', s.loads ?? '–', s.loadsPerKey ?? '–', s.sqlStatements, n(s.wallMs)])), '');
  }

  if (r.nPlusOne.length > 0) {
    out.push('## 5. N+1 check (CACHE=off, one uncached request)', '');
    out.push(table(['page', 'first', 'items returned', 'SQL statements'], r.nPlusOne.map((c) => [c.kind, c.size, c.items, c.statements])), '');
  }

  if (r.profile) out.push('## Where the time goes: thread page hit (--cpu-prof)', '', ...r.profile.flatMap((p) => [profileMarkdown(p), '']));

  out.push('![throughput per scenario and invalidation time vs entries](chart.svg)', '');
  out.push('## Reproduce', '', '```', 'npm run bench -- --quick --size small   # smoke run (shorter rounds; --only picks scenarios)', 'npm run bench -- --size medium          # 100,000 threads (seeded once, then reused)', '```', '');
  out.push(`Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  return out.join('\n');
}
