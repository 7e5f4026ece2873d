// Persisted-query registrations shared by every process on one Redis: a document under its SHA-256, with a TTL, and
// a sorted set of the registrations by time that bounds their number (past the bound the oldest are removed with
// their documents). Both keys share one hash tag, so the register script is also valid on a Redis Cluster.
// A document never changes under its hash (the hash is checked before it is registered), so a copy anywhere is right.
import type { Cluster, Redis } from 'ioredis';
import { keys } from './keys.js';

// KEYS: the document's key, the index. ARGV: the hash, the document, the TTL in seconds, the time in ms, the bound,
// and the prefix of document keys (the key of a hash is that prefix followed by it).
const REGISTER_SCRIPT = `
local ttl = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ttl)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl * 1000)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #oldest, 2 do redis.call('DEL', ARGV[6] .. oldest[i]) end
end
redis.call('EXPIRE', KEYS[2], ttl)
return 1`;

type ScriptRedis = (Redis | Cluster) & {
  forumRegisterQuery(documentKey: string, indexKey: string, ...args: string[]): Promise<number>;
};

export class RedisPersistedQueries {
  private readonly client: ScriptRedis;
  private readonly documentPrefix = keys.persistedQuery('');

  /** Uses a connection of the cache's (its timeouts and offline behaviour: a call fails fast while Redis is away). */
  constructor(client: Redis | Cluster) {
    this.client = client as ScriptRedis;
    this.client.defineCommand('forumRegisterQuery', { lua: REGISTER_SCRIPT, numberOfKeys: 2 });
  }

  /** The document registered under this hash (64 hex digits), or null. */
  async get(sha256Hex: string): Promise<string | null> {
    return this.client.get(keys.persistedQuery(sha256Hex));
  }

  /** Registers (or renews) a document, then removes the registrations past `maxEntries`, oldest first. */
  async register(sha256Hex: string, document: string, ttlS: number, maxEntries: number): Promise<void> {
    await this.client.forumRegisterQuery(keys.persistedQuery(sha256Hex), keys.persistedQueryIndex(),
      sha256Hex, document, String(ttlS), String(Date.now()), String(maxEntries), this.documentPrefix);
  }
}
