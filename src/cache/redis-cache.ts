// Redis backend. A read is one EVALSHA: it reads the stamps (creating missing ones with fresh values), builds each
// entry's stamped key and GETs it, and returns the stamp values with the entries. A bump is one EVALSHA setting fresh
// values. Nothing here scans keys, so cost does not grow with entries. Stamps expire after STAMP_TTL_S: every lookup
// creates its stamps, also of slugs that name nothing, and a stamp that expires only comes back as a fresh value (its
// old entries are never found again).
// A stored response is a hash: its payload in the field `payload`, and one field per stamp it was built from, holding
// that stamp's value; the read script compares them before it returns anything.
// Entry keys are built inside the script: fine on one Redis; a Redis Cluster has a backend of its own
// (src/cache/redis-cluster-cache.ts), which shares the write scripts exported here.
import { Redis } from 'ioredis';
import {
  freshStampValue, stampedKey, type CacheBackend, type EntryRead, type EntryRequest, type StoredResponse,
} from './cache-backend.js';
import type { ListIndexStore } from './list-index-store.js';
import { readViewCounts, raiseViewCounts } from './redis-view-counts.js';
import { RedisListIndex } from './redis-list-index.js';

/** Longer than any entry lives by default (a day), so a stamp rarely expires under live entries. */
export const STAMP_TTL_S = 7 * 86_400;

/** The hash field of a stored response that holds its payload; every other field is a stamp key (`forum:gen:…`). */
export const PAYLOAD_FIELD = 'payload';

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
for i = 1, nstamps do out[i] = vals[i] end
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
  local held = ARGV[p]
  p = p + 1
  -- the same string as stampedKey() in cache-backend.ts
  local stamped = key .. '@' .. table.concat(parts, '.')
  if held == stamped then
    out[nstamps + e] = '='
  else
    out[nstamps + e] = redis.call('GET', stamped) or ''
  end
end
return out`;

const READ_RESPONSE_SCRIPT = `
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if fields[i] ~= '${PAYLOAD_FIELD}' and redis.call('GET', fields[i]) ~= fields[i + 1] then return {} end
end
return fields`;

// ARGV: the TTL, then field, value pairs. HSET takes them 1000 at a time (500 pairs: chunks stay aligned on pairs):
// Lua's unpack fails past about 8000 values, and a response of many lists can depend on thousands of stamps.
export const WRITE_RESPONSE_SCRIPT = `
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 1000 do redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV))) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

export const BUMP_SCRIPT = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i], 'EX', ${STAMP_TTL_S}) end
return 1`;

export const RAISE_SCRIPT = `
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '-1')
  if current < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1`;

type ScriptRedis = Redis & {
  forumRead(numKeys: number, ...args: string[]): Promise<string[]>;
  forumRaise(key: string, ...args: string[]): Promise<number>;
  forumReadResponse(key: string): Promise<string[]>;
  forumWriteResponse(key: string, ...args: string[]): Promise<number>;
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
    this.client.defineCommand('forumWriteResponse', { lua: WRITE_RESPONSE_SCRIPT, numberOfKeys: 1 });
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
    const positions = requests.map((request) => {
      args.push(request.key, String(request.stamps.length));
      const stampPositions = request.stamps.map((stamp) => {
        let index = stampIndex.get(stamp);
        if (index === undefined) {
          index = stampKeys.push(stamp); // 1-based in the script
          stampIndex.set(stamp, index);
        }
        args.push(String(index));
        return index - 1;
      });
      args.push(request.held ?? '');
      return stampPositions;
    });
    for (let i = 0; i < stampKeys.length; i++) args.push(freshStampValue());
    // The stamp values (one per distinct stamp), then one entry per request ('' for a miss, '=' when the held copy
    // is current: no entry is JSON '=').
    const out = await this.client.forumRead(stampKeys.length, ...stampKeys, ...args);
    return requests.map((request, i) => {
      const stampValues = positions[i]!.map((p) => out[p]!);
      const value = out[stampKeys.length + i]!;
      const fillKey = stampedKey(request.key, stampValues);
      return value === '=' ? { value: null, held: true, stampValues, fillKey } : { value: value || null, stampValues, fillKey };
    });
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(fillKey, value, 'EX', ttlSeconds);
  }

  async readResponse(key: string): Promise<StoredResponse | null> {
    const fields = await this.client.forumReadResponse(key); // empty: missing, or a stamp moved
    let payload: string | undefined;
    const stamps: [string, string][] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === PAYLOAD_FIELD) payload = fields[i + 1];
      else stamps.push([fields[i]!, fields[i + 1]!]);
    }
    return payload === undefined ? null : { stamps, payload };
  }

  async stampsMatch(stamps: readonly (readonly [string, string])[]): Promise<boolean> {
    if (stamps.length === 0) return true;
    const values = await this.client.mget(...stamps.map(([stamp]) => stamp));
    return stamps.every(([, value], i) => values[i] === value);
  }

  async writeResponse(key: string, stamps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    await this.client.forumWriteResponse(key, String(ttlSeconds), PAYLOAD_FIELD, payload, ...[...stamps].flat());
  }

  async bump(stampKeys: readonly string[]): Promise<void> {
    if (stampKeys.length === 0) return;
    await this.client.forumBump(stampKeys.length, ...stampKeys, ...stampKeys.map(() => freshStampValue()));
  }

  readViewCounts(ids: readonly number[]): Promise<(number | null)[]> {
    return readViewCounts(this.client, ids);
  }

  raiseViewCounts(totals: ReadonlyMap<number, number>): Promise<void> {
    return raiseViewCounts(this.client, totals);
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
