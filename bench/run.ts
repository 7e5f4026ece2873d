// npm run bench: builds, seeds (or reuses) forum_bench, runs every scenario against every target, and writes
// bench/results/ (results.md, results.json, chart.svg). The last line printed is the one-line summary.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, ensureSeeded, restore, writers as benchWriters } from './lib/bench-db.js';
import { loadCatalog, type Catalog } from './lib/catalog.js';
import { DEFAULT_SCENARIOS, parseBenchArgs, REDIS_DB, redisDb, USAGE, type ScenarioName } from './lib/options.js';
import {
  flushTargetRedis, PEER_TTL_S, ROOT, startServer, TARGETS, type RunningServer, type Target, type TargetName,
} from './lib/servers.js';
import { renderChart } from './report/chart.js';
import { summarizeProfile, type ProfileSummary } from './report/cpu-profile.js';
import { machineInfo, packageVersions } from './report/machine.js';
import { profileMarkdown, resultsMarkdown } from './report/markdown.js';
import { judge, summaryLine, type BenchResults } from './report/results.js';
import { measureInvalidation } from './scenarios/invalidation.js';
import { measureListIndex } from './scenarios/list-index.js';
import { measureLive } from './scenarios/live.js';
import { measureMarkdown } from './scenarios/markdown.js';
import { MIXED_PHASES, measureMixed, mixedWorkload } from './scenarios/mixed.js';
import { prewarm, PREWARM_MAX_THREADS } from './lib/prewarm.js';
import { measureWorkers } from './scenarios/workers.js';
import { measureNPlusOne } from './scenarios/n-plus-one.js';
import { measureOutboxCost } from './scenarios/outbox-cost.js';
import { measurePeople } from './scenarios/people.js';
import { measureReading } from './scenarios/reading.js';
import {
  firstAnswers, floorResponses, measureReadPaths, readQueries, type FirstAnswer, type ReadKey,
} from './scenarios/read-paths.js';
import { profileMiss, profileThreadPage } from './scenarios/profile.js';
import { measureStampede } from './scenarios/stampede.js';
import { measureScale } from './scenarios/scale.js';
import { scaleMarkdown } from './report/scale-markdown.js';

const RESULTS = join(ROOT, 'bench/results');
const started = performance.now();
const loadAtStart = loadavg()[0]!;
const log = (line: string) => process.stderr.write(`${line}\n`);
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

/** Which scenarios run against which target. */
const PLAN: Record<TargetName, ScenarioName[]> = {
  'cache-off': ['read', 'n-plus-one'],
  'forum-redis': ['read', 'stampede', 'mixed'],
  'forum-memory': ['read', 'stampede', 'mixed'],
  'apollo-redis': ['read', 'stampede', 'mixed'],
  'apollo-memory': ['read', 'mixed'],
  'yoga-redis': ['read', 'stampede', 'mixed'],
  'yoga-memory': ['read'],
  floor: ['read'],
};

function compilePeers(): void {
  log('bench: compiling the peers (bench/peers → bench/dist)');
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'bench/tsconfig.peers.json')], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const full = options.scenarios.size === DEFAULT_SCENARIOS.length && !options.scenarios.has('scale') && options.targets === null;
  log(`bench: size ${options.size}${options.quick ? ', quick' : ''}; scenarios ${[...options.scenarios].join(', ')}`);
  if (options.scenarios.has('scale')) {
    log(`bench: scale: every size up to ${options.size} (${elapsed()})`);
    const scale = await measureScale({
      databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, size: options.size, samples: options.quick ? 12 : 40,
    }, log);
    const meta = {
      date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      loadAverage: `${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, `scale-${options.size}.json`), `${JSON.stringify({ ...meta, ...scale }, null, 2)}\n`);
    writeFileSync(join(RESULTS, `scale-${options.size}.md`), scaleMarkdown(scale, meta));
    log(`bench: wrote bench/results/scale-${options.size}.md, scale-${options.size}.json (${elapsed()})`);
    options.scenarios.delete('scale');
    if (options.scenarios.size === 0) return;
  }
  compilePeers();
  log(`bench: data (${elapsed()})`);
  const seedAction = await ensureSeeded(options.databaseUrl, options.seed);
  log(`bench: ${seedAction === 'reused' ? 'reusing the seeded' : 'seeded'} ${new URL(options.databaseUrl).pathname.slice(1)} (${options.seed.threads} threads)`);
  const sql = connect(options.databaseUrl);
  const running = new Set<RunningServer>();
  const stopAll = () => { for (const s of running) process.kill(s.pid, 'SIGKILL'); };
  const casualties = () => [...running].map((s) => s.ended()).filter((e) => e !== null);
  const lost: string[] = [];
  process.once('SIGINT', () => { stopAll(); process.exit(130); });
  try {
    await restore(sql);
    const catalog: Catalog = await loadCatalog(sql);
    const writers = await benchWriters(sql, 16);
    const queries = readQueries(catalog, options.seed.postsPerThread);
    const stampedeSlug = catalog.threads[Math.floor(catalog.threads.length / 2)]!.slug;
    const results: Pick<BenchResults, 'read' | 'mixed' | 'invalidation' | 'outbox' | 'lists' | 'live' | 'liveRounds' | 'workers' | 'stampede' | 'nPlusOne' | 'markdown' | 'people' | 'reading'> = {
      read: { queries: queries.map(({ body: _, ...q }) => q), runs: [] }, mixed: [], invalidation: [], outbox: null, lists: [], live: null, workers: null,
      stampede: [], nPlusOne: [], markdown: null, people: null, reading: null,
    };
    mkdirSync(RESULTS, { recursive: true });
    const floorFile = join(RESULTS, 'floor-responses.tmp');
    const settings = { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, floorFile };
    const plan = TARGETS
      .filter((t) => options.targets === null || options.targets.has(t.name))
      .map((target) => ({ target, scenarios: PLAN[target.name].filter((s) => options.scenarios.has(s)) }))
      .filter((p) => p.scenarios.length > 0);
    const does = (name: TargetName, scenario: ScenarioName) => plan.some((p) => p.target.name === name && p.scenarios.includes(scenario));

    // Every target runs at once (idle ones cost next to nothing), so read paths can be measured in interleaved rounds.
    await flushTargetRedis(options.redisUrl);
    const servers = new Map<TargetName, RunningServer>();
    // --profile with the mixed workload: the forum on Redis runs under --cpu-prof, and only the samples of its steady
    // phase's measured run count (the prewarm before it reads thousands of cold pages: it would drown the workload).
    const mixedProfDir = options.profile && does('forum-redis', 'mixed') ? mkdtempSync(join(tmpdir(), 'forum-bench-mixed-prof-')) : null;
    let mixedProfWindow: { requests: number; fromMs: number; toMs: number } | null = null;
    let forumSpawnedMs = 0;
    const start = async (target: Target) => {
      if (target.name === 'forum-redis') forumSpawnedMs = performance.now();
      const server = await startServer(target, target.name === 'forum-redis' && mixedProfDir ? { ...settings, cpuProfDir: mixedProfDir } : settings);
      running.add(server);
      servers.set(target.name, server);
    };
    if (plan.length > 0) log(`bench: starting ${plan.length} servers (${elapsed()})`);
    await Promise.all(plan.filter((p) => p.target.family !== 'floor').map((p) => start(p.target)));
    try {
      const answers = new Map<TargetName, Map<ReadKey, FirstAnswer>>();
      for (const { target } of plan) {
        if (target.family === 'floor') {
          const forum = answers.get('forum-redis') ?? [...answers.values()][0];
          if (!forum) throw new Error('the floor serves the forum\'s responses: run it with a forum target');
          writeFileSync(floorFile, JSON.stringify(floorResponses(queries, forum)));
          await start(target);
        }
        answers.set(target.name, await firstAnswers(servers.get(target.name)!, queries));
      }
      const readers = plan.filter((p) => p.scenarios.includes('read')).map((p) => servers.get(p.target.name)!);
      if (readers.length > 0) {
        log(`bench: 1. read paths: ${readers.length} servers x ${queries.length} paths x ${options.timing.rounds} rounds (${elapsed()})`);
        results.read.runs = await measureReadPaths(readers, queries, {
          connections: options.connections, warmupS: options.timing.warmupS, roundS: options.timing.roundS, rounds: options.timing.rounds,
        }, answers);
      }
      if (does('cache-off', 'n-plus-one')) {
        log(`bench: 5. N+1 check (${elapsed()})`);
        results.nPlusOne = await measureNPlusOne(servers.get('cache-off')!, catalog.longThread, catalog.categories[0]!.slug);
      }
      const stampeders = plan.filter((p) => p.scenarios.includes('stampede'));
      if (stampeders.length > 0) log(`bench: 4. stampede on ${stampedeSlug} (${elapsed()})`);
      for (const { target } of stampeders) results.stampede.push(await measureStampede(servers.get(target.name)!, stampedeSlug));
      for (const { target } of plan.filter((p) => p.scenarios.includes('mixed'))) {
        const server = servers.get(target.name)!;
        const workload = mixedWorkload(catalog, writers, 2024);
        for (const phase of MIXED_PHASES) {
          if (phase === 'steady') {
            const hot = workload.hottestThreads(PREWARM_MAX_THREADS);
            const warm = await prewarm(server.graphql, catalog, hot.threads, options.connections, 7);
            const which = hot.threads.length === catalog.threads.length ? 'every thread page'
              : `the ${hot.threads.length.toLocaleString('en-US')} most read thread pages (${(hot.share * 100).toFixed(0)}% of the thread reads)`;
            log(`  ${target.name}: ${which} and every list read once, ${warm.requests.toLocaleString('en-US')} requests in ${warm.seconds.toFixed(1)} s`
              + `${warm.errors > 0 ? `, ${warm.errors} failed` : ''}`);
          }
          log(`bench: 2. mixed workload on ${target.label}, ${phase} (${elapsed()})`);
          const mixed = await measureMixed(server, workload, sql, {
            connections: options.connections, warmupS: options.timing.mixedWarmupS, durationS: options.timing.mixedS, phase,
          });
          results.mixed.push(mixed);
          if (mixed.serverCpuUsPerRequest !== undefined && mixed.cores) {
            const c = mixed.cores;
            log(`  ${target.name}: server CPU ${mixed.serverCpuUsPerRequest.toFixed(0)} µs per request; cores busy: server ${c.server.toFixed(2)}, `
              + `PostgreSQL ${c.postgres.toFixed(2)}, Redis ${c.redis.toFixed(2)}, load generator ${c.loadGenerator.toFixed(2)}`);
          }
          if (target.name === 'forum-redis' && phase === 'steady' && mixed.measuredMs) {
            // Offsets from the spawn, where the profile's clock starts a few tens of ms later: the window shifts by that much.
            mixedProfWindow = {
              requests: mixed.load.requests, fromMs: mixed.measuredMs.from - forumSpawnedMs, toMs: mixed.measuredMs.to - forumSpawnedMs,
            };
          }
        }
        // Only now: restore() edits rows behind the servers' caches, which the steady phase must not see.
        await restore(sql);
      }
    } finally {
      lost.push(...casualties());
      await Promise.all([...servers.values()].map(async (server) => {
        await server.stop();
        running.delete(server);
      }));
      rmSync(floorFile, { force: true });
    }

    if (options.scenarios.has('invalidation')) {
      log(`bench: invalidation scaling (${elapsed()})`);
      const sizes = [1e3, 1e4, 1e5, 1e6].filter((n) => n <= options.timing.invalidationMax);
      results.invalidation = await measureInvalidation(redisDb(options.redisUrl, REDIS_DB.invalidation), options.databaseUrl, sizes, log);
      results.outbox = await measureOutboxCost(options.databaseUrl);
      log(`  outbox: a transaction ${results.outbox.txMs.toFixed(3)} ms, with the outbox insert ${results.outbox.txWithOutboxMs.toFixed(3)} ms; `
        + `the delete after commit ${results.outbox.deleteMs.toFixed(3)} ms (p50 of ${results.outbox.repeats}, not awaited by the mutation)`);
    }
    if (options.scenarios.has('live')) {
      log(`bench: live updates, 1,000 subscribers on two processes (${elapsed()})`);
      const liveSlug = catalog.threads[Math.floor(catalog.threads.length / 3)]!.slug;
      const builds = options.liveBaseline ? ['baseline', 'this', 'this', 'baseline'] as const : ['this'] as const;
      const rounds: NonNullable<typeof results.liveRounds> = [];
      for (const build of builds) {
        if (options.liveBaseline) log(`  live: the ${build === 'this' ? 'forum of this tree' : `baseline (${options.liveBaseline})`}, load average ${loadavg()[0]!.toFixed(1)}`);
        const forumDist = build === 'baseline' ? options.liveBaseline! : undefined;
        const l = await measureLive({ ...settings, forumDist }, writers[0]!, liveSlug, { replies: options.quick ? 50 : 200, ratePerS: 10 }, log);
        rounds.push({ build, loadAverage: loadavg()[0]!, result: l });
        results.live ??= build === 'this' ? l : null;
        log(`  live: ${l.delivered} of ${l.expected} events delivered (${l.repeated} repeated); from the transaction p50 ${l.fromTxP50Ms.toFixed(1)} ms, `
          + `p99 ${l.fromTxP99Ms.toFixed(1)} ms; from sending the reply p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms; `
          + `${l.cpuUsPerEvent.toFixed(0)} µs of server CPU per delivered event (the load generator: ${l.clientCpuUsPerEvent.toFixed(0)} µs)`);
      }
      if (options.liveBaseline) results.liveRounds = rounds;
    }
    if (options.scenarios.has('markdown')) {
      log(`bench: Markdown: rendering on write, and a thread page miss with stored renderings (${elapsed()})`);
      results.markdown = await measureMarkdown(settings, catalog.longThread,
        { renders: options.quick ? 100 : 400, repeats: options.quick ? 200 : 600, loadAverage: () => loadavg()[0]! });
      for (const w of results.markdown.write) {
        log(`  render ${w.size}: through the pool p50 ${w.pool.p50.toFixed(2)} ms, p99 ${w.pool.p99.toFixed(2)} ms; `
          + `in thread p50 ${w.inThread.p50.toFixed(2)} ms, p99 ${w.inThread.p99.toFixed(2)} ms`);
      }
      const m = results.markdown.miss;
      if (m) {
        for (const s of m.statement) log(`  page statement (${m.posts} rows), ${s.label}: p50 ${s.p50Ms.toFixed(3)} ms, ${s.ratio.toFixed(2)}x before`);
        for (const page of m.server) {
          const cpuBefore = page.sides.find((s) => s.label.startsWith('before'))!.cpuMs!;
          for (const s of page.sides) {
            log(`  CACHE=off thread page, first ${page.first}, ${s.label}: p50 ${s.p50Ms.toFixed(2)} ms, ${s.ratio.toFixed(2)}x before; `
              + `server CPU ${s.cpuMs!.toFixed(2)} ms/request (${(s.cpuMs! / cpuBefore).toFixed(2)}x)`);
          }
        }
      }
    }
    if (options.scenarios.has('people')) {
      log(`bench: forum people: renames (10,000 posts beside 10), a profile page hit beside a thread page hit (${elapsed()})`);
      results.people = await measurePeople(settings, sql, queries[0]!, {
        repeats: options.quick ? 10 : 30, connections: options.connections,
        warmupS: options.timing.warmupS, roundS: options.timing.roundS, rounds: options.timing.rounds,
      }, log);
      for (const h of results.people.hits) log(`  ${h.label}: ${Math.round(h.rps)} req/s, p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms`);
    }
    if (options.scenarios.has('reading')) {
      log(`bench: reading a long thread: last page beside first (CACHE=off), signed-in beside anonymous hits (${elapsed()})`);
      results.reading = await measureReading(settings, sql, {
        connections: options.connections, warmupS: options.timing.warmupS, roundS: options.timing.roundS, rounds: options.timing.rounds,
      }, log);
    }
    if (options.scenarios.has('workers')) {
      log(`bench: scale-out, 1 and 2 workers on one Redis and on a Redis Cluster (${elapsed()})`);
      await flushTargetRedis(options.redisUrl);
      results.workers = await measureWorkers(settings, queries[0]!.body, {
        connections: options.connections, warmupS: options.timing.warmupS, roundS: options.timing.roundS, rounds: options.timing.rounds,
      }, log);
    }
    if (options.scenarios.has('lists')) {
      log(`bench: lists maintained on write at this size (${elapsed()})`);
      results.lists = await measureListIndex(redisDb(options.redisUrl, REDIS_DB.invalidation), options.databaseUrl, log);
    }

    // --targets picks the profiles: forum-redis the hit (with the floor), cache-off the miss; without it, both.
    const profiles = (name: TargetName) => options.profile && (options.targets === null || options.targets.has(name));
    let profile: ProfileSummary[] | null = null;
    if (profiles('forum-redis')) {
      log(`bench: profiling the thread page hit: the forum, then the floor (${elapsed()})`);
      profile = await profileThreadPage(options, queries[0]!);
    }
    const mixedProfile = mixedProfDir && mixedProfWindow ? mixedProfileOf(mixedProfDir, mixedProfWindow) : null;
    let missProfile: ProfileSummary[] | null = null;
    if (profiles('cache-off')) {
      log(`bench: profiling a miss: CACHE=off, thread page and thread list (${elapsed()})`);
      missProfile = await profileMiss(options, queries.filter((q) => q.key !== 'categories'));
    }

    const report: BenchResults = {
      date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      size: options.size, quick: options.quick, seed: { ...options.seed, action: seedAction }, connections: options.connections,
      timing: options.timing, peerTtlS: PEER_TTL_S, machine: await machineInfo(sql, options.redisUrl), versions: packageVersions(),
      targets: TARGETS, ...results, profile, goals: judge(results), summary: summaryLine(results.read.runs),
      elapsedS: Math.round((performance.now() - started) / 1000), loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    };
    // A partial run (--only, --targets) does not replace the full results.
    const stem = full ? 'results' : `results-${[...options.scenarios].join('+')}`;
    const written: string[] = [];
    if (options.scenarios.size > 0) {
      writeFileSync(join(RESULTS, `${stem}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(RESULTS, `${stem}.md`), resultsMarkdown(report));
      written.push(`${stem}.md`, `${stem}.json`);
    }
    if (full) {
      writeFileSync(join(RESULTS, 'chart.svg'), await renderChart(report));
      written.push('chart.svg');
    }
    if (profile) {
      writeFileSync(join(RESULTS, 'profile-thread-page-hit.md'), `# Where the time goes: thread page hit\n\n${profile.map(profileMarkdown).join('\n\n')}\n`);
      written.push('profile-thread-page-hit.md');
    }
    if (mixedProfile) {
      writeFileSync(join(RESULTS, 'profile-mixed.md'), `# Where the time goes: the mixed workload\n\n${profileMarkdown(mixedProfile)}\n`);
      written.push('profile-mixed.md');
    }
    if (missProfile) {
      writeFileSync(join(RESULTS, 'profile-miss.md'), `# Where the time goes: a miss (CACHE=off)\n\n${missProfile.map(profileMarkdown).join('\n\n')}\n`);
      written.push('profile-miss.md');
    }
    log(`bench: wrote bench/results/${written.join(', ')} (${elapsed()})`);
    for (const goal of report.goals) log(`  ${goal.met === null ? '?' : goal.met ? 'met ' : 'MISS'}  ${goal.goal}: ${goal.measured}`);
    console.log(report.summary);
  } catch (error) {
    // A server stopped from outside (the machine is shared) makes every later request fail: say so first.
    const ended = [...lost, ...casualties()];
    if (ended.length > 0) throw new Error(`${ended.join('; ')} (stopped from outside the bench?); first failure: ${String(error)}`);
    throw error;
  } finally {
    stopAll();
    await sql.end();
  }
}

/** The forum-on-Redis server's profile over the steady phase's measured run of the mixed workload. */
function mixedProfileOf(dir: string, window: { requests: number; fromMs: number; toMs: number }): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the profiled forum-redis wrote no .cpuprofile');
  const summary = summarizeProfile(join(dir, file), 'ForumCacheService on Redis, mixed workload (steady phase, measured run only)',
    window.requests, window.fromMs, window.toMs);
  // BENCH_KEEP_PROFILE=<dir>: keep the .cpuprofile there, to open in a profiler (Chrome's DevTools, speedscope).
  if (process.env.BENCH_KEEP_PROFILE) cpSync(join(dir, file), join(process.env.BENCH_KEEP_PROFILE, 'mixed-steady.cpuprofile'));
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

main().catch((error: unknown) => {
  console.error(`bench: failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
