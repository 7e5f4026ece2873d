// The servers under test, each a child process running compiled JavaScript with NODE_ENV=production: the forum
// (dist/main.js) with its cache off, on Redis or in process; the peers and the floor (bench/dist, compiled from
// bench/peers). The forum and the peers each have a Redis database of their own, emptied before a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { freePort } from '../../test/support/free-port.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { httpRequest } from './http.js';
import { REDIS_DB, redisDb } from './options.js';

export type TargetName =
  | 'cache-off' | 'forum-redis' | 'forum-memory' | 'apollo-redis' | 'apollo-memory' | 'yoga-redis' | 'yoga-memory' | 'floor';

export interface Target { name: TargetName; label: string; family: 'forum' | 'apollo' | 'yoga' | 'floor'; cache: 'off' | 'redis' | 'memory' | 'none' }

export const TARGETS: Target[] = [
  { name: 'cache-off', label: 'CACHE=off', family: 'forum', cache: 'off' },
  { name: 'forum-redis', label: 'ForumCacheService, Redis', family: 'forum', cache: 'redis' },
  { name: 'forum-memory', label: 'ForumCacheService, in-process', family: 'forum', cache: 'memory' },
  { name: 'apollo-redis', label: 'apollo-response-cache, Redis', family: 'apollo', cache: 'redis' },
  { name: 'apollo-memory', label: 'apollo-response-cache, in-memory', family: 'apollo', cache: 'memory' },
  { name: 'yoga-redis', label: 'yoga response-cache, Redis', family: 'yoga', cache: 'redis' },
  { name: 'yoga-memory', label: 'yoga response-cache, in-memory', family: 'yoga', cache: 'memory' },
  { name: 'floor', label: 'node:http floor', family: 'floor', cache: 'none' },
];

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PEERS = join(ROOT, 'bench/dist/bench/peers');

/** Seconds a cached peer response lives (its cache hint / TTL): peers may be this stale. */
export const PEER_TTL_S = 60;

export interface ServerSettings {
  databaseUrl: string; redisUrl: string; floorFile?: string; cpuProfDir?: string;
  /** Variables added to (or, empty, removing) the forum's: WORKERS, REDIS_CLUSTER_NODES (the scale scenario). */
  env?: Record<string, string>;
  /** Where the forum's compiled JavaScript is (another worktree's dist/, for a before-and-after run). Defaults to dist/. */
  forumDist?: string;
  /** The name of its log file, when several servers of one target run (bench/results/server-<name>.log). */
  logName?: string;
}

export interface RunningServer {
  target: Target;
  base: string;
  graphql: string;
  pid: number;
  /** How it ended, when it ended before stop() (a server must live through the whole run). */
  ended(): string | null;
  stop(): Promise<void>;
}

const usedPorts = new Set<number>();

/** A free port no earlier server of this run used: a client still holding a socket to an old server never reaches a new one. */
async function freshPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (usedPorts.has(port)) continue;
    usedPorts.add(port);
    return port;
  }
}

export async function flushRedisDb(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  await client.flushdb();
  client.disconnect();
}

function command(target: Target, port: number, settings: ServerSettings): { args: string[]; env: Record<string, string> } {
  // BENCH_SERVER_LOG_LEVEL=info shows the servers' own logs (bench/results/server-*.log) when debugging a run.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', PORT: String(port),
    DATABASE_URL: settings.databaseUrl, LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn', SEED_DEMO: 'off',
    POST_RATE_MAX: '0', REPORT_RATE_MAX: '0', // the mixed workload's writers post far faster than a person
    // BENCH_SERVER_ENV=KEY=VALUE,...: configuration for every server of the run, the peers' forum services included
    // (VIEW_FLUSH_MS=5000 compares a setting side by side).
    ...Object.fromEntries((process.env.BENCH_SERVER_ENV ?? '').split(',').filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()])),
  };
  const peerRedis = redisDb(settings.redisUrl, REDIS_DB.peers);
  switch (target.family) {
    case 'forum':
      env.CACHE = target.cache === 'off' ? 'off' : 'on';
      if (target.cache !== 'memory') env.REDIS_URL = redisDb(settings.redisUrl, REDIS_DB.forum);
      return { args: ['main.js'], env: { ...env, ...settings.env } }; // run in dist/ (see startServer)
    case 'apollo':
    case 'yoga':
      return {
        args: [join(PEERS, `${target.family}-response-cache.js`), '--cache', target.cache, '--redis-url', peerRedis, '--ttl', String(PEER_TTL_S)],
        env,
      };
    case 'floor':
      return { args: [join(PEERS, 'floor.js'), '--responses', settings.floorFile ?? '', '--port', String(port)], env };
  }
}

async function waitReady(base: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output()}`);
    const ok = await httpRequest(`${base}/healthz`, { timeoutMs: 1000 }).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output()}`);
}

/** Empties the Redis databases the targets use (the forum's, the peers'), so every target starts cold. */
export async function flushTargetRedis(redisUrl: string): Promise<void> {
  await flushRedisDb(redisDb(redisUrl, REDIS_DB.forum));
  await flushRedisDb(redisDb(redisUrl, REDIS_DB.peers));
}

/** Starts a target on a fresh port and resolves once it answers. */
export async function startServer(target: Target, settings: ServerSettings): Promise<RunningServer> {
  const port = await freshPort();
  const { args, env } = command(target, port, settings);
  const flags = ['--enable-source-maps', ...(settings.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`] : [])];
  // The forum runs with dist/ as its working directory, as `main.js`: the command line then holds no
  // "dist/main.js", which other tooling on a shared machine may match when it stops its own servers.
  const cwd = target.family === 'forum' ? (settings.forumDist ?? join(ROOT, 'dist')) : ROOT;
  const child = spawn(process.execPath, [...flags, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let ended: string | null = null;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) ended = `${target.name} exited with ${code ?? signal} in the middle of the run`;
  });
  let log = '';
  const file = createWriteStream(join(ROOT, 'bench/results', `server-${settings.logName ?? target.name}.log`));
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
    file.write(chunk);
  };
  child.once('exit', (code, signal) => file.end(`[bench] exited with ${code ?? signal}\n`));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    target, base, graphql: `${base}/graphql`, pid: child.pid!,
    ended: () => ended,
    stop: () => new Promise<void>((resolve) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => {
        process.stderr.write(`  ${target.name}: no exit 10 s after SIGTERM; killing it\n`);
        child.kill('SIGKILL');
      }, 10_000);
      child.once('exit', () => { clearTimeout(killer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
