// Where and with what the figures were taken: machine, services, package versions, commit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Sql } from 'postgres';
import { ROOT } from '../lib/servers.js';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  redis: string;
  commit: string;
}

/** Packages whose behaviour the figures depend on; nested copies are named by the path that holds them. */
const PACKAGES: [string, string][] = [
  ['@apollo/server', 'node_modules/@apollo/server'],
  ['@apollo/server-plugin-response-cache', 'node_modules/@apollo/server-plugin-response-cache'],
  ['@apollo/utils.keyvadapter', 'node_modules/@apollo/utils.keyvadapter'],
  ['keyv', 'node_modules/keyv'],
  ['@keyv/redis', 'node_modules/@keyv/redis'],
  ['graphql-yoga', 'node_modules/graphql-yoga'],
  ['@graphql-yoga/plugin-response-cache', 'node_modules/@graphql-yoga/plugin-response-cache'],
  ['@envelop/response-cache (used by the yoga plugin)', 'node_modules/@graphql-yoga/plugin-response-cache/node_modules/@envelop/response-cache'],
  ['@envelop/response-cache-redis', 'node_modules/@envelop/response-cache-redis'],
  ['graphql', 'node_modules/graphql'],
  ['type-graphql', 'node_modules/type-graphql'],
  ['drizzle-orm', 'node_modules/drizzle-orm'],
  ['postgres', 'node_modules/postgres'],
  ['ioredis', 'node_modules/ioredis'],
  ['autocannon', 'node_modules/autocannon'],
  ['vega', 'node_modules/vega'],
  ['vega-lite', 'node_modules/vega-lite'],
];

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [name, dir] of PACKAGES) {
    const file = join(ROOT, dir, 'package.json');
    const fallback = join(ROOT, 'node_modules', name.split(' ')[0]!, 'package.json');
    const path = existsSync(file) ? file : fallback;
    if (existsSync(path)) versions[name] = (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  }
  return versions;
}

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench/peers'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${hash} (src or bench/peers modified)` : hash;
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(sql: Sql, redisUrl: string): Promise<MachineInfo> {
  const [pg] = await sql<{ server_version: string }[]>`show server_version`;
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`, node: process.version, postgres: pg?.server_version ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown', commit: commit(),
  };
}
