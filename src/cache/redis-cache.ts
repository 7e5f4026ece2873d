// Redis backend. A read is one EVALSHA: it reads the stamps (creating missing ones with fresh values), builds each
// entry's stamped key and GETs it. A bump is one EVALSHA setting fresh values. Nothing here scans keys, so cost does
// not grow with entries. Stamps expire after STAMP_TTL_S: every lookup creates its stamps, also of slugs that name
// nothing, and a stamp that expires only comes back as a fresh value (its old entries are never found again).
// Entry keys are built inside the script: fine on one Redis; a Cluster needs hash tags (DESIGN.md, "Later").
import { Redis } from 'ioredis';
import { encodeResponse, freshStampValue, type CacheBackend, type EntryRead, type EntryRequest } from './cache-backend.js';
import { keys } from './keys.js';
import type { ListIndexStore } from './list-index-store.js';
import { RedisListIndex } from './redis-list-index.js';

/** Longer than any entry lives by default (a day), so a stamp rarely expires under live entries. */
export const STAMP_TTL_S = 7 * 86_400;

const READ_SCRIPT = `
local nstamps = #KEYS
local tokbase = #ARGV - nstamps
local vals = {}
for i = 1, nstamps do
  local v = redis.call('GET', KEYS[i])
  if not v then
    v = ARGV[tokbase + i]
    redis.call('SET', KEYS[i], v, 'EX', ${STAMP_TTL_S})
  end
  vals[i] = v
end
local out = {}
local p = 2
for e = 1, tonumber(ARGV[1]) do
  local key = ARGV[p]
  local k = tonumber(ARGV[p + 1])
  p = p + 2
  local parts = {}
  for j = 1, k do
    parts[j] = vals[tonumber(ARGV[p])]
    p = p + 1
  end
  local full = key .. '@' .. table.concat(parts, '.')
  out[e * 2 - 1] = full
  out[e * 2] = redis.call('GET', full) or ''
end
return out`;

const READ_RESPONSE_SCRIPT = `
local stored = redis.call('GET', KEYS[1])
if not stored then return false end
local newline = string.find(stored, '\\n', 1, true)
for stamp, value in string.gmatch(string.sub(stored, 1, newline - 1), '(%S+) (%S+)') do
  if redis.call('GET', stamp) ~= value then return false end
end
return stored`;

const BUMP_SCRIPT = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i], 'EX', ${STAMP_TTL_S}) end
return 1`;

const RAISE_SCRIPT = `
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '-1')
  if current < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1`;

type ScriptRedis = Redis & {
  forumRead(numKeys: number, ...args: string[]): Promise<string[]>;
  forumRaise(key: string, ...args: string[]): Promise<number>;
  forumReadResponse(key: string): Promise<string | null>;
  forumBump(numKeys: number, ...args: string[]): Promise<number>;
};

export interface RedisCacheOptions {
  /** Per-command timeout; defaults to 200 ms, so a lost Redis costs a request little. */
  commandTimeoutMs?: number;
}

export class RedisCache implements CacheBackend {
  readonly name = 'redis' as const;
  readonly client: ScriptRedis;
  readonly lists: ListIndexStore;

  constructor(url: string, options: RedisCacheOptions = {}) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      enableAutoPipelining: true, // commands issued in one tick share one write: fewer syscalls per request under load
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 200,
      connectTimeout: 500,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(50 * attempt, 500),
    }) as ScriptRedis;
    this.client.on('error', () => {}); // failures surface on the calls; the service counts them
    this.client.defineCommand('forumRead', { lua: READ_SCRIPT });
    this.client.defineCommand('forumRaise', { lua: RAISE_SCRIPT, numberOfKeys: 1 });
    this.client.defineCommand('forumReadResponse', { lua: READ_RESPONSE_SCRIPT, numberOfKeys: 1 });
    this.client.defineCommand('forumBump', { lua: BUMP_SCRIPT });
    this.lists = new RedisListIndex(this.client);
  }

  /** Resolves once connected (or rejects after the timeout): start-up waits for it, and then fails open. */
  async ready(timeoutMs = 1000): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { cleanup(); reject(new Error('redis: not ready')); }, timeoutMs);
      const onReady = () => { cleanup(); resolve(); };
      const cleanup = () => { clearTimeout(timer); this.client.off('ready', onReady); };
      this.client.on('ready', onReady);
    });
  }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[]> {
    if (requests.length === 0) return [];
    const stampIndex = new Map<string, number>();
    const stampKeys: string[] = [];
    const args: string[] = [String(requests.length)];
    for (const request of requests) {
      args.push(request.key, String(request.stamps.length));
      for (const stamp of request.stamps) {
        let index = stampIndex.get(stamp);
        if (index === undefined) {
          index = stampKeys.push(stamp);
          stampIndex.set(stamp, index);
        }
        args.push(String(index));
      }
    }
    for (let i = 0; i < stampKeys.length; i++) args.push(freshStampValue());
    const out = await this.client.forumRead(stampKeys.length, ...stampKeys, ...args);
    return requests.map((_, i) => ({ fillKey: out[i * 2]!, value: out[i * 2 + 1] || null }));
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(fillKey, value, 'EX', ttlSeconds);
  }

  readResponse(key: string): Promise<string | null> {
    return this.client.forumReadResponse(key);
  }

  async stampsMatch(deps: readonly (readonly [string, string])[]): Promise<boolean> {
    if (deps.length === 0) return true;
    const values = await this.client.mget(...deps.map(([stamp]) => stamp));
    return deps.every(([, value], i) => values[i] === value);
  }

  async writeResponse(key: string, deps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    await this.client.set(key, encodeResponse(deps, payload), 'EX', ttlSeconds);
  }

  async bump(stampKeys: readonly string[]): Promise<void> {
    if (stampKeys.length === 0) return;
    await this.client.forumBump(stampKeys.length, ...stampKeys, ...stampKeys.map(() => freshStampValue()));
  }

  async readViewCounts(ids: readonly number[]): Promise<(number | null)[]> {
    if (ids.length === 0) return [];
    const values = await this.client.hmget(keys.views(), ...ids.map(String));
    return values.map((v) => (v === null ? null : Number(v)));
  }

  async raiseViewCounts(totals: ReadonlyMap<number, number>): Promise<void> {
    if (totals.size === 0) return;
    await this.client.forumRaise(keys.views(), ...[...totals].flatMap(([id, n]) => [String(id), String(n)]));
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  onDisconnect(listener: () => void): void {
    this.client.on('close', listener);
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
