// List indexes in Redis: per bucket a hash (thread slug → version and members) and one sorted set per sort, all
// members at score 0 so that the order is the members' byte order (src/cache/list-index.ts). Every call is one
// script; see src/cache/list-index-store.ts for why an index stays exact.
// Every script declares one key of its bucket (its hash `h`), so that a Redis Cluster routes it to the bucket's slot;
// the scripts' other keys share that slot (the bucket is their hash tag). The global epoch lives elsewhere on a
// cluster: there the caller reads it first and passes its value (`=value`) where one Redis passes the epoch's key.
import type { Cluster, Redis } from 'ioredis';
import { freshStampValue } from './cache-backend.js';
import { INDEXED_SORTS, type IndexEntry } from './list-index.js';
import type { IndexCounts, IndexPage, IndexUpdate, ListIndexStore } from './list-index-store.js';
import { keys, stamps } from './keys.js';

/** As long as a stamp lives: an index that nobody changed for a week is built again when next read. */
const INDEX_TTL_S = 7 * 86_400;
/** A build that has not finished by then (its process died) stops blocking the next one. */
const BUILD_TTL_S = 120;
const SORTS = INDEXED_SORTS.length;

/**
 * The epoch's value from an argument: `=value` (a cluster's caller read it), else the key to read it from (created
 * with `fresh` when missing and `fresh` is given).
 */
const EPOCH_OF = `
local function epochOf(arg, fresh)
  if string.sub(arg, 1, 1) == '=' then return string.sub(arg, 2) end
  local e = redis.call('GET', arg)
  if not e and fresh then
    e = fresh
    redis.call('SET', arg, e, 'EX', ${INDEX_TTL_S})
  end
  return e
end`;

/**
 * Puts one entry into an index (hash h: slug → `version|posts|members...`, and `~posts`, the sum of posts; sorted sets
 * z1..zN) unless the index holds a newer or equal version.
 */
const PUT = `${EPOCH_OF}
local function put(h, z, slug, version, posts, members)
  local old = redis.call('HGET', h, slug)
  local oldPosts = 0
  if old then
    local parts = {}
    for p in string.gmatch(old, '[^|]+') do parts[#parts + 1] = p end
    if tonumber(parts[1]) >= version then return end
    oldPosts = tonumber(parts[2] or '0')
    for i = 3, #parts do redis.call('ZREM', z .. (i - 2), parts[i]) end
  end
  if #members == 0 then posts = 0 end
  for i = 1, #members do redis.call('ZADD', z .. i, 0, members[i]) end
  redis.call('HSET', h, slug, version .. '|' .. posts .. (#members > 0 and ('|' .. table.concat(members, '|')) or ''))
  if posts ~= oldPosts then redis.call('HINCRBY', h, '~posts', posts - oldPosts) end
end
local function entries(from, each)
  local i = from
  while i <= #ARGV do
    local n = tonumber(ARGV[i + 3])
    local members = {}
    for j = 1, n do members[j] = ARGV[i + 3 + j] end
    each(ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), members)
    i = i + 4 + n
  end
end`;

// ARGV: base, gen, then entries (slug, version, n, members...). Live index when ready, building index when marked.
const APPLY_SCRIPT = `${PUT}
local base = ARGV[1]
local live = redis.call('HEXISTS', base .. 'h', '~ready') == 1
local token = redis.call('GET', base .. 'building')
entries(3, function(slug, version, posts, members)
  if live then put(base .. 'h', base .. 'z', slug, version, posts, members) end
  if token then put(base .. 't:' .. token .. ':h', base .. 't:' .. token .. ':z', slug, version, posts, members) end
end)
redis.call('SET', base .. 'gen', ARGV[2], 'EX', ${INDEX_TTL_S})
return 1`;

// ARGV: base, token, epoch, fresh epoch value. The build's hash remembers the epoch it began under.
const BEGIN_SCRIPT = `${EPOCH_OF}
local base, token = ARGV[1], ARGV[2]
if not redis.call('SET', base .. 'building', token, 'NX', 'EX', ${BUILD_TTL_S}) then return 0 end
local epoch = epochOf(ARGV[3], ARGV[4])
local t = base .. 't:' .. token .. ':'
redis.call('HSET', t .. 'h', '~ready', epoch)
redis.call('EXPIRE', t .. 'h', ${BUILD_TTL_S})
for i = 1, ${SORTS} do
  redis.call('ZADD', t .. 'z' .. i, 0, '~')
  redis.call('EXPIRE', t .. 'z' .. i, ${BUILD_TTL_S})
end
return 1`;

// ARGV: base, token, then entries.
const LOAD_SCRIPT = `${PUT}
local base, token = ARGV[1], ARGV[2]
if redis.call('GET', base .. 'building') ~= token then return 0 end
local t = base .. 't:' .. token .. ':'
entries(3, function(slug, version, posts, members) put(t .. 'h', t .. 'z', slug, version, posts, members) end)
return 1`;

// ARGV: base, token, epoch, fresh gen value.
const FINISH_SCRIPT = `${EPOCH_OF}
local base, token = ARGV[1], ARGV[2]
local t = base .. 't:' .. token .. ':'
local mine = redis.call('GET', base .. 'building') == token
local ok = mine and redis.call('HGET', t .. 'h', '~ready') == epochOf(ARGV[3])
for i = 1, ${SORTS} do ok = ok and redis.call('ZSCORE', t .. 'z' .. i, '~') end
if ok then
  redis.call('RENAME', t .. 'h', base .. 'h')
  redis.call('EXPIRE', base .. 'h', ${INDEX_TTL_S})
  for i = 1, ${SORTS} do
    redis.call('RENAME', t .. 'z' .. i, base .. 'z' .. i)
    redis.call('EXPIRE', base .. 'z' .. i, ${INDEX_TTL_S})
  end
  redis.call('SET', base .. 'gen', ARGV[4], 'EX', ${INDEX_TTL_S})
else
  redis.call('DEL', t .. 'h')
  for i = 1, ${SORTS} do redis.call('DEL', t .. 'z' .. i) end
end
if mine then redis.call('DEL', base .. 'building') end
return ok and 1 or 0`;

// ARGV: base, token.
const ABORT_SCRIPT = `
local base, token = ARGV[1], ARGV[2]
if redis.call('GET', base .. 'building') ~= token then return 0 end
local t = base .. 't:' .. token .. ':'
redis.call('DEL', base .. 'building', t .. 'h')
for i = 1, ${SORTS} do redis.call('DEL', t .. 'z' .. i) end
return 1`;

// ARGV: base, sort (1-based), start ('' = top), count, epoch, fresh gen value.
const READ_SCRIPT = `${EPOCH_OF}
local base = ARGV[1]
local z = base .. 'z' .. ARGV[2]
local epoch = epochOf(ARGV[5])
if not epoch or redis.call('HGET', base .. 'h', '~ready') ~= epoch or not redis.call('ZSCORE', z, '~') then return false end
local start = ARGV[3] == '' and '-' or ('[' .. ARGV[3])
local members = redis.call('ZRANGEBYLEX', z, start, '+', 'LIMIT', 0, tonumber(ARGV[4]) + 1)
if members[#members] == '~' then members[#members] = nil end
local gen = redis.call('GET', base .. 'gen')
if not gen then
  gen = ARGV[6]
  redis.call('SET', base .. 'gen', gen, 'EX', ${INDEX_TTL_S})
end
local out = { tostring(redis.call('ZCARD', z) - 1), epoch, gen }
for i = 1, #members do out[#out + 1] = members[i] end
return out`;

// ARGV: epoch, then per bucket: base, fresh gen value. Per bucket: {threads, posts, epoch, gen}, or false when unready.
const COUNTS_SCRIPT = `${EPOCH_OF}
local epoch = epochOf(ARGV[1])
local out = {}
for i = 2, #ARGV, 2 do
  local base = ARGV[i]
  if epoch and redis.call('HGET', base .. 'h', '~ready') == epoch and redis.call('ZSCORE', base .. 'z1', '~') then
    local gen = redis.call('GET', base .. 'gen')
    if not gen then
      gen = ARGV[i + 1]
      redis.call('SET', base .. 'gen', gen, 'EX', ${INDEX_TTL_S})
    end
    out[#out + 1] = { tostring(redis.call('ZCARD', base .. 'z1') - 1), redis.call('HGET', base .. 'h', '~posts') or '0', epoch, gen }
  else
    out[#out + 1] = false
  end
end
return out`;

type IndexRedis = (Redis | Cluster) & {
  forumIndexCounts(...args: string[]): Promise<([string, string, string, string] | null)[]>;
  forumIndexApply(...args: string[]): Promise<number>;
  forumIndexBegin(...args: string[]): Promise<number>;
  forumIndexLoad(...args: string[]): Promise<number>;
  forumIndexFinish(...args: string[]): Promise<number>;
  forumIndexAbort(...args: string[]): Promise<number>;
  forumIndexRead(...args: string[]): Promise<string[] | null>;
};

const entryArgs = (entries: readonly IndexEntry[]) =>
  entries.flatMap((e) => [e.slug, String(e.version), String(e.postCount), String(e.members?.length ?? 0), ...(e.members ?? [])]);

/** What a Redis Cluster needs of its cache backend (src/cache/redis-cluster-cache.ts). */
export interface ClusterSupport {
  /** The global epoch's current value (created when missing), read from its own slot. */
  epoch(): Promise<string>;
  /** Resolves once the writes made so far to `key`'s slot are on its master's replicas; rejects when they are not. */
  replicated(key: string): Promise<void>;
}

/** The routing key of a bucket's scripts (its hash: every key of the bucket shares its slot). */
const routeOf = (base: string) => `${base}h`;

export class RedisListIndex implements ListIndexStore {
  private readonly redis: IndexRedis;

  /** `cluster`: on a Redis Cluster (the epoch is passed by value, and updates wait for replicas). */
  constructor(client: Redis | Cluster, private readonly cluster?: ClusterSupport) {
    this.redis = client as IndexRedis;
    this.redis.defineCommand('forumIndexApply', { lua: APPLY_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexBegin', { lua: BEGIN_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexLoad', { lua: LOAD_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexFinish', { lua: FINISH_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexAbort', { lua: ABORT_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexCounts', { lua: COUNTS_SCRIPT, numberOfKeys: 1 });
    this.redis.defineCommand('forumIndexRead', { lua: READ_SCRIPT, numberOfKeys: 1 });
  }

  /** The epoch argument of a script: its key on one Redis, `=value` on a cluster. */
  private async epochArg(): Promise<string> {
    return this.cluster ? `=${await this.cluster.epoch()}` : stamps.epoch();
  }

  async readPage(bucket: string, sort: number, start: string | null, count: number): Promise<IndexPage | null> {
    const base = keys.listIndex(bucket);
    const out = await this.redis.forumIndexRead(routeOf(base), base, String(sort + 1), start ?? '', String(count),
      await this.epochArg(), freshStampValue());
    if (!out) return null;
    const [total, epoch, gen, ...members] = out;
    return { total: Number(total), members, stamps: [[stamps.epoch(), epoch!], [`${base}gen`, gen!]] };
  }

  async readCounts(buckets: readonly string[]): Promise<(IndexCounts | null)[]> {
    if (buckets.length === 0) return [];
    const epoch = await this.epochArg();
    const call = (group: readonly string[]) => this.redis.forumIndexCounts(routeOf(keys.listIndex(group[0]!)), epoch,
      ...group.flatMap((bucket) => [keys.listIndex(bucket), freshStampValue()]));
    // A cluster holds each bucket in a slot of its own: one call per bucket (sent together, one round trip per node).
    const out = this.cluster
      ? (await Promise.all(buckets.map((bucket) => call([bucket])))).flat()
      : await call(buckets);
    return out.map((row, i) => row && {
      threads: Number(row[0]), posts: Number(row[1]),
      stamps: [[stamps.epoch(), row[2]], [`${keys.listIndex(buckets[i]!)}gen`, row[3]]],
    });
  }

  async apply(updates: readonly IndexUpdate[]): Promise<void> {
    const byBucket = new Map<string, IndexEntry[]>();
    for (const { bucket, entry } of updates) {
      const entries = byBucket.get(bucket);
      if (entries) entries.push(entry);
      else byBucket.set(bucket, [entry]);
    }
    // Commands issued together share one write (auto-pipelining): one round trip for every bucket.
    // On a cluster an update counts only once its bucket's replicas have it: a failover must not lose it.
    await Promise.all([...byBucket].map(async ([bucket, entries]) => {
      const base = keys.listIndex(bucket);
      await this.redis.forumIndexApply(routeOf(base), base, freshStampValue(), ...entryArgs(entries));
      await this.cluster?.replicated(routeOf(base));
    }));
  }

  async beginBuild(bucket: string): Promise<string | null> {
    const token = freshStampValue();
    const base = keys.listIndex(bucket);
    const began = await this.redis.forumIndexBegin(routeOf(base), base, token, await this.epochArg(), freshStampValue());
    return began === 1 ? token : null;
  }

  async loadBuild(bucket: string, token: string, entries: readonly IndexEntry[]): Promise<void> {
    const base = keys.listIndex(bucket);
    await this.redis.forumIndexLoad(routeOf(base), base, token, ...entryArgs(entries));
  }

  async abortBuild(bucket: string, token: string): Promise<void> {
    const base = keys.listIndex(bucket);
    await this.redis.forumIndexAbort(routeOf(base), base, token);
  }

  async finishBuild(bucket: string, token: string): Promise<boolean> {
    const base = keys.listIndex(bucket);
    return (await this.redis.forumIndexFinish(routeOf(base), base, token, await this.epochArg(), freshStampValue())) === 1;
  }
}
