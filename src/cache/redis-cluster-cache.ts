// Redis Cluster backend (REDIS_CLUSTER_NODES). The same stamps, entries and responses as on one Redis
// (src/cache/redis-cache.ts), placed so that no script touches two slots:
// - every stamp is in the slot tagged `{gen}` (keys.ts, clusterKey): reading all the stamps of a request, and bumping
//   all the stamps of a mutation, is one script on one node;
// - entries, stored responses and the views hash spread over the cluster by their own names; a list index keeps its
//   bucket's tag (forum:idx:{bucket}:).
// A read is then two steps instead of one: the stamps (one script on the {gen} slot), then the entries at the keys
// those values name (one GET each, sent together: one round trip per node). A stored response is read whole, then its
// stamps are compared with the current values (one MGET per slot they live in, sent together); each comparison reads
// a stamp after the lookup began, so a bump that returned before it is always seen.
// Failover: Redis replicates asynchronously, so a write a master acknowledged may be missing on the replica that
// replaces it. Every write freshness depends on (a stamp bump, a list-index update) therefore waits until the
// master's connected replicas have it (WAIT); when they do not confirm in time, the write counts as failed and takes
// the path of any failed invalidation (outbox, lost backend, epoch bump before serving again: guarded-backend.ts). A
// node that leaves the topology (a failover, a restart) makes this process treat the cluster as lost, too.
import { Cluster, type ClusterNode } from 'ioredis';
import {
  freshStampValue, stampedKey, type CacheBackend, type EntryRead, type EntryRequest, type StoredResponse,
} from './cache-backend.js';
import { clusterKey, hashTagOf, stamps as stampKeys } from './keys.js';
import type { ListIndexStore } from './list-index-store.js';
import { BUMP_SCRIPT, PAYLOAD_FIELD, RAISE_SCRIPT, STAMP_TTL_S, WRITE_RESPONSE_SCRIPT } from './redis-cache.js';
import { readViewCounts, raiseViewCounts } from './redis-view-counts.js';
import { RedisListIndex } from './redis-list-index.js';

/** Reads stamps of one slot, creating missing ones with the fresh values given (KEYS: stamps; ARGV: fresh values). */
const READ_STAMPS_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if not v then
    v = ARGV[i]
    redis.call('SET', KEYS[i], v, 'EX', ${STAMP_TTL_S})
  end
  out[i] = v
end
return out`;

/** How many replicas are connected to the master of KEYS[1]'s slot now. */
const REPLICAS_SCRIPT = `
local info = redis.call('INFO', 'replication')
return tonumber(string.match(info, 'connected_slaves:(%d+)') or '0')`;

type ScriptCluster = Cluster & {
  forumReadStamps(numKeys: number, ...args: string[]): Promise<string[]>;
  forumBump(numKeys: number, ...args: string[]): Promise<number>;
  forumRaise(key: string, ...args: string[]): Promise<number>;
  forumWriteResponse(key: string, ...args: string[]): Promise<number>;
  forumReplicas(key: string): Promise<number>;
};

export interface RedisClusterCacheOptions {
  /** Per-command timeout; defaults to 200 ms. */
  commandTimeoutMs?: number;
  /** How long a freshness write waits for its replicas (WAIT); defaults to half the command timeout. */
  replicaWaitMs?: number;
}

/** `host:port,host:port` as REDIS_CLUSTER_NODES gives it. */
export const parseClusterNodes = (value: string): ClusterNode[] =>
  value.split(',').map((s) => s.trim()).filter(Boolean).map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(node.slice(at + 1)) };
  });

export class RedisClusterCache implements CacheBackend {
  readonly name = 'redis' as const;
  readonly client: ScriptCluster;
  readonly lists: ListIndexStore;
  private readonly replicaWaitMs: number;

  constructor(nodes: ClusterNode[], options: RedisClusterCacheOptions = {}) {
    const commandTimeout = options.commandTimeoutMs ?? 200;
    this.replicaWaitMs = options.replicaWaitMs ?? Math.max(5, Math.floor(commandTimeout / 2));
    this.client = new Cluster(nodes, {
      scaleReads: 'master', // a replica may lag behind a bump: reads that decide freshness go to masters
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      // Auto-pipelining groups a command by its first argument, which for these (key count first) is not a key.
      autoPipeliningIgnoredCommands: ['forumReadStamps', 'forumBump'],
      // A failing command is retried by ioredis only within these delays; our own timeout bounds the whole call.
      retryDelayOnFailover: 50,
      retryDelayOnClusterDown: 50,
      retryDelayOnTryAgain: 20,
      slotsRefreshTimeout: 500,
      clusterRetryStrategy: (attempt) => Math.min(50 * attempt, 500),
      redisOptions: { commandTimeout, connectTimeout: 500, maxRetriesPerRequest: 0 },
    }) as ScriptCluster;
    this.client.on('error', () => {}); // failures surface on the calls; the service counts them
    this.client.on('node error', () => {});
    this.client.defineCommand('forumReadStamps', { lua: READ_STAMPS_SCRIPT });
    this.client.defineCommand('forumBump', { lua: BUMP_SCRIPT });
    this.client.defineCommand('forumRaise', { lua: RAISE_SCRIPT, numberOfKeys: 1 });
    this.client.defineCommand('forumWriteResponse', { lua: WRITE_RESPONSE_SCRIPT, numberOfKeys: 1 });
    this.client.defineCommand('forumReplicas', { lua: REPLICAS_SCRIPT, numberOfKeys: 1 });
    this.lists = new RedisListIndex(this.client, {
      epoch: async () => (await this.readStamps([stampKeys.epoch()]))[0]!,
      replicated: (key) => this.replicated(key),
    });
  }

  /** Resolves once the cluster's slots are known and connected (or rejects after the timeout). */
  async ready(timeoutMs = 2000): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { cleanup(); reject(new Error('redis cluster: not ready')); }, timeoutMs);
      const onReady = () => { cleanup(); resolve(); };
      const cleanup = () => { clearTimeout(timer); this.client.off('ready', onReady); };
      this.client.on('ready', onReady);
    });
  }

  /** Current values of stamps (logical names, all in the {gen} slot), missing ones created fresh. */
  private async readStamps(names: readonly string[]): Promise<string[]> {
    return this.client.forumReadStamps(names.length, ...names.map(clusterKey), ...names.map(() => freshStampValue()));
  }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[]> {
    if (requests.length === 0) return [];
    const index = new Map<string, number>();
    for (const request of requests) for (const stamp of request.stamps) if (!index.has(stamp)) index.set(stamp, index.size);
    const values = await this.readStamps([...index.keys()]);
    const reads = requests.map((request) => {
      const stampValues = request.stamps.map((stamp) => values[index.get(stamp)!]!);
      return { stampValues, fillKey: stampedKey(request.key, stampValues), held: request.held };
    });
    // A held copy whose fill key the stamps still give is current: its entry is not transferred (cache-backend.ts).
    const entries = await Promise.all(reads.map(({ fillKey, held }) => (held === fillKey ? null : this.client.get(fillKey))));
    return reads.map(({ stampValues, fillKey, held }, i) => (held === fillKey
      ? { value: null, held: true, stampValues, fillKey }
      : { value: entries[i] || null, stampValues, fillKey }));
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(fillKey, value, 'EX', ttlSeconds);
  }

  async readResponse(key: string): Promise<StoredResponse | null> {
    const fields = await this.client.hgetall(key);
    const payload = fields[PAYLOAD_FIELD];
    if (payload === undefined) return null;
    const stamps = Object.entries(fields).filter(([field]) => field !== PAYLOAD_FIELD);
    return (await this.stampsMatch(stamps)) ? { stamps, payload } : null;
  }

  /** One MGET per slot the stamps live in, sent together. */
  async stampsMatch(stamps: readonly (readonly [string, string])[]): Promise<boolean> {
    if (stamps.length === 0) return true;
    const bySlot = new Map<string, (readonly [string, string])[]>();
    for (const [name, value] of stamps) {
      const key = clusterKey(name);
      const tag = hashTagOf(key);
      const group = bySlot.get(tag);
      if (group) group.push([key, value]);
      else bySlot.set(tag, [[key, value]]);
    }
    const matches = await Promise.all([...bySlot.values()].map(async (group) => {
      const current = await this.client.mget(...group.map(([key]) => key));
      return group.every(([, value], i) => current[i] === value);
    }));
    return matches.every(Boolean);
  }

  async writeResponse(key: string, stamps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    await this.client.forumWriteResponse(key, String(ttlSeconds), PAYLOAD_FIELD, payload, ...[...stamps].flat());
  }

  /** One script on the {gen} slot, then a wait for its replicas: a bump that returned survives a failover. */
  async bump(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const physical = names.map(clusterKey);
    await this.client.forumBump(physical.length, ...physical, ...physical.map(() => freshStampValue()));
    await this.replicated(physical[0]!);
  }

  /**
   * Resolves once the replicas connected to the master of `key`'s slot have every write made there so far (WAIT, on
   * that master); rejects when they do not confirm within replicaWaitMs. A master without connected replicas has
   * none that could replace it with an older copy.
   */
  async replicated(key: string): Promise<void> {
    const replicas = await this.client.forumReplicas(key);
    if (replicas === 0) return;
    const results = await this.client.pipeline().exists(key).wait(replicas, this.replicaWaitMs).exec();
    const [error, acknowledged] = results?.[1] ?? [new Error('no reply to WAIT'), 0];
    if (error) throw error;
    if ((acknowledged as number) < replicas) {
      throw new Error(`redis cluster: ${acknowledged} of ${replicas} replicas confirmed a write within ${this.replicaWaitMs} ms`);
    }
  }

  readViewCounts(ids: readonly number[]): Promise<(number | null)[]> {
    return readViewCounts(this.client, ids);
  }

  raiseViewCounts(totals: ReadonlyMap<number, number>): Promise<void> {
    return raiseViewCounts(this.client, totals);
  }

  /** The node of the {gen} slot answers: every request needs it. */
  async ping(): Promise<void> {
    await this.client.exists(clusterKey(stampKeys.epoch()));
  }

  /**
   * The whole cluster connection closing, or one node leaving this client's topology (it failed, failed over, or was
   * removed): writes made while it was changing may be missing, so the caller re-syncs (epoch bump) before serving.
   */
  onDisconnect(listener: () => void): void {
    this.client.on('close', listener);
    this.client.on('-node', () => {
      if (this.client.status === 'ready') listener();
    });
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
