// npm run test:faults: the suite that tries hardest to break the server. Builds dist/ when it is older than
// src/, starts its own Redis, proxy, PostgreSQL database and cluster and two server processes, runs the drills,
// and ends with one line:
//   faults: N ops checked, N stale reads, N failed requests during outages, N hostile cases, N crashes
// Exits non-zero when a read was stale, a server crashed, or any drill failed.
//
// Settings (environment): FAULT_OPS (10000), FAULT_CLIENTS (10), FAULT_SEED (random), FAULT_HOSTILE_CASES (1000),
// FAULT_CLUSTER_OPS (2000: the operations of the Redis Cluster drill),
// FAULT_ONLY (comma-separated: consistency, redis, crash, hostile, security, postgres, cluster), FAULT_KEEP=1 keeps the temporary
// folder with every log (a run that finds something keeps it anyway), FAULT_SERVER_SCRIPT runs another build of the server (to check that the checker catches a
// server broken on purpose).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { leaks } from './support/audit.js';
import { Environment } from './support/environment.js';
import { clusterDrill } from './drills/cluster.js';
import { consistencyDrill } from './drills/consistency.js';
import { crashDrill } from './drills/crash.js';
import { hostileDrill } from './drills/hostile.js';
import { postgresOutageDrill } from './drills/postgres-outage.js';
import { redisOutageDrill } from './drills/redis-outage.js';
import { scanLogs, securityDrill } from './drills/security.js';
import { printReport, type DrillReport } from './drills/report.js';

const HARD_LIMIT_MS = 9 * 60_000;
const startedAt = Date.now();
const setting = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const only = process.env.FAULT_ONLY ? new Set(process.env.FAULT_ONLY.split(',')) : null;
const enabled = (name: string) => !only || only.has(name);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Rebuilds dist/ when any source, tsconfig or the package manifest is newer than it. */
function ensureBuilt() {
  const built = existsSync('dist/main.js') ? statSync('dist/main.js').mtimeMs : 0;
  const sources = Math.max(newestMtime('src'), ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map(newestMtime));
  if (sources <= built) return;
  console.log('faults: dist/ is older than src/: building');
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
}

async function main(): Promise<number> {
  ensureBuilt();
  const seed = setting('FAULT_SEED', Math.floor(Math.random() * 2 ** 31));
  const env = new Environment();
  const reports: DrillReport[] = [];
  let opsChecked = 0;
  let staleReads = 0;
  let failedDuringOutages = 0;
  let hostileCases = 0;
  const summary = () => `faults: ${opsChecked} ops checked, ${staleReads} stale reads, ${failedDuringOutages} failed requests during outages, ${hostileCases} hostile cases, ${env.crashes.length} crashes`;
  const watchdog = setTimeout(() => {
    console.log(`faults: the suite ran past its time limit (${HARD_LIMIT_MS / 60_000} min); stopping`);
    void env.teardown(true).finally(() => {
      console.log(summary());
      process.exit(2);
    });
  }, HARD_LIMIT_MS);
  watchdog.unref();
  // Stopped from outside (Ctrl-C, CI's timeout) or its output closed (piped to head): tear down what it started,
  // so no server, Redis or database of ours outlives the run.
  process.stdout.on('error', () => {});
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void env.teardown(false).finally(() => {
      console.log(`faults: stopped by ${signal}`);
      console.log(summary());
      process.exit(130);
    }));
  }
  try {
    await env.startInfrastructure();
    await env.startServer('server-a');
    await env.startServer('server-b');
    console.log(`faults: run ${env.runId}, seed ${seed}, logs in ${env.dir}`);

    if (enabled('consistency')) {
      const { workload, report } = await consistencyDrill(env, {
        ops: setting('FAULT_OPS', 10_000), clients: setting('FAULT_CLIENTS', 10), seed,
        deadline: startedAt + 4 * 60_000,
      });
      reports.push(report);
      printReport(report);
      if (enabled('redis')) {
        const redis = await redisOutageDrill(env, workload);
        reports.push(redis.report);
        printReport(redis.report);
        failedDuringOutages += redis.failedRequests;
        staleReads += redis.staleReads;
      }
      opsChecked += workload.checker.stats.reads + workload.checker.stats.mutationsChecked;
      staleReads += workload.checker.stats.stale;
      workload.close();
    }
    if (enabled('crash')) {
      const crash = await crashDrill(env);
      reports.push(crash.report);
      printReport(crash.report);
      opsChecked += crash.reads;
      staleReads += crash.staleReads;
    }
    if (enabled('hostile')) {
      const hostile = await hostileDrill(env, setting('FAULT_HOSTILE_CASES', 1000), seed);
      reports.push(hostile.report);
      printReport(hostile.report);
      hostileCases += hostile.cases;
    }
    if (enabled('security')) {
      const security = await securityDrill(env);
      reports.push(security);
      printReport(security);
    }
    if (enabled('postgres')) {
      const pg = await postgresOutageDrill(env);
      reports.push(pg.report);
      printReport(pg.report);
      failedDuringOutages += pg.failedRequests;
    }
    if (enabled('cluster')) {
      const cluster = await clusterDrill(env, {
        ops: setting('FAULT_CLUSTER_OPS', 2000), clients: setting('FAULT_CLIENTS', 10), seed,
        deadline: Date.now() + 2 * 60_000,
      });
      reports.push(cluster.report);
      printReport(cluster.report);
      opsChecked += cluster.reads;
      staleReads += cluster.staleReads;
      failedDuringOutages += cluster.failedRequests;
    }
  } catch (error) {
    reports.push({ name: 'suite', ok: false, lines: [], problems: [`the suite itself failed: ${(error as Error).stack ?? error}`] });
  } finally {
    // A run that found something keeps its folder (each server's log, the operation history, the stale reads) for
    // whoever looks into it next.
    const found = staleReads > 0 || reports.some((r) => !r.ok);
    await env.teardown(process.env.FAULT_KEEP === '1' || found);
    if (found) console.log(`faults: something was found: logs, history.jsonl and stale.txt kept in ${env.dir}`);
  }
  const logScan = scanLogs(env);
  reports.push(logScan);
  printReport(logScan);
  if (leaks.length > 0) {
    reports.push({ name: 'leaks', ok: false, lines: [], problems: leaks.slice(0, 20) });
  }
  for (const report of reports.filter((r) => r.name === 'suite' || r.name === 'leaks')) printReport(report);
  const crashes = env.crashes.length;
  for (const crash of env.crashes) console.log(`   CRASH: ${crash.server} exited (code ${crash.code}, signal ${crash.signal})`);
  const failed = reports.filter((r) => !r.ok).map((r) => r.name);
  console.log(`\nfaults: ${failed.length === 0 ? 'every drill held' : `failed: ${failed.join(', ')}`} in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  console.log(summary());
  return staleReads > 0 || crashes > 0 || failed.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  console.log('faults: 0 ops checked, 0 stale reads, 0 failed requests during outages, 0 hostile cases, 0 crashes');
  process.exit(1);
});
