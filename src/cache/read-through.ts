// Read-through of cache entries for ForumCacheService: one backend read for a request's entries (stamps and entries
// in one round trip), parsed copies used while the stamps confirm them, one load per fill key in this process under a
// stampede, and fills under the stamp values the read saw (docs/architecture.md: a fill that raced with a write lands
// under old stamps, where no reader looks).
import type { Logger } from '../logger.js';
import type { CacheKind, Metrics } from '../metrics.js';
import type { EntryRead, EntryRequest } from './cache-backend.js';
import type { GuardedBackend } from './guarded-backend.js';
import { ParsedCopies } from './parsed-copies.js';
import type { ResponseDeps } from './response-deps.js';

/** The result of a get: the value when it was a hit, and the ticket a later set must present. */
export interface CacheRead<T> {
  hit: boolean;
  value: T | undefined;
  /** Where a fill goes; null when the cache is off or bypassed. */
  fillKey: string | null;
}

export interface ReadThroughOptions {
  /** null: CACHE=off, every read goes to the database. */
  backend: GuardedBackend | null;
  metrics: Metrics;
  logger: Logger;
  /** Test seam: runs after a miss's load and before its fill (the race test holds a fill here). */
  hooks: { beforeFill?: (kind: CacheKind, key: string) => Promise<void> };
}

/** How long a finished load still serves readers of the same fill key (see loadAndFill). */
const FLIGHT_GRACE_MS = 1000;

export class ReadThrough {
  private readonly flights = new Map<string, Promise<unknown>>();
  /** Parsed entries this process read or filled, used while the shared store confirms their stamps (parsed-copies.ts). */
  private readonly copies = new ParsedCopies();

  constructor(private readonly options: ReadThroughOptions) {}

  async get<T>(kind: CacheKind, request: EntryRequest): Promise<CacheRead<T>> {
    const reads = await this.read(kind, [request]);
    const read = reads?.[0];
    if (!read) return { hit: false, value: undefined, fillKey: null };
    return read.value === null
      ? { hit: false, value: undefined, fillKey: read.fillKey }
      : { hit: true, value: JSON.parse(read.value) as T, fillKey: read.fillKey };
  }

  async set(kind: CacheKind, read: CacheRead<unknown>, value: unknown, ttl: number): Promise<void> {
    if (read.fillKey) await this.write(kind, read.fillKey, JSON.stringify(value), ttl);
  }

  async one<T>(kind: CacheKind, request: EntryRequest, ttl: number, load: () => Promise<T>, deps?: ResponseDeps): Promise<T> {
    const [value] = await this.many(kind, [request], ttl, () => load().then((v) => [v]), deps);
    return value as T;
  }

  /** `load` is told whether the cache was bypassed (its values are then stored nowhere). */
  async many<T>(
    kind: CacheKind, requests: EntryRequest[], ttl: number,
    load: (indices: number[], bypassed: boolean) => Promise<T[]>, deps?: ResponseDeps,
  ): Promise<T[]> {
    const results = new Array<T>(requests.length);
    const held = requests.map((request) => ({ ...request, held: this.copies.heldKey(request.key) }));
    const reads = await this.read(kind, held);
    if (!reads) {
      deps?.markUncacheable();
      return this.loadCounted(kind, requests.map((_, i) => i), (indices) => load(indices, true));
    }
    if (deps) reads.forEach((read, i) => deps.addRead(requests[i]!, read, ttl));
    const waits: Promise<void>[] = [];
    const toLoad: number[] = [];
    reads.forEach((read, i) => {
      const key = requests[i]!.key;
      if (read.held) {
        const copy = this.copies.value(key, read.fillKey);
        if (copy !== undefined) {
          results[i] = copy as T;
          return;
        }
        // Evicted between the read's start and its answer: read the shared entry as a plain hit would.
        waits.push(this.rereadOne(kind, requests[i]!, ttl, load, i).then((v) => { results[i] = v; }));
        return;
      }
      if (read.value !== null) {
        results[i] = this.copies.remember(key, read.fillKey, JSON.parse(read.value) as T, read.value.length, ttl);
        return;
      }
      const flight = this.flights.get(read.fillKey);
      if (flight) waits.push(flight.then((v) => { results[i] = v as T; }));
      else toLoad.push(i);
    });
    if (toLoad.length > 0) waits.push(this.loadAndFill(kind, requests.map((r) => r.key), reads, toLoad, ttl, load, results));
    await Promise.all(waits);
    return results;
  }

  private async loadAndFill<T>(
    kind: CacheKind, keys: readonly string[], reads: EntryRead[], indices: number[], ttl: number,
    load: (indices: number[], bypassed: boolean) => Promise<T[]>, results: T[],
  ): Promise<void> {
    const loading = this.loadCounted(kind, indices, (i) => load(i, false));
    const mine = new Map<string, Promise<unknown>>();
    indices.forEach((i, j) => {
      const key = reads[i]!.fillKey;
      const flight = loading.then((values) => values[j]);
      flight.catch(() => {});
      this.flights.set(key, flight);
      mine.set(key, flight);
    });
    const forget = () => {
      for (const [key, flight] of mine) if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    try {
      const values = await loading;
      indices.forEach((i, j) => { results[i] = values[j]!; });
      if (this.options.hooks.beforeFill) await this.options.hooks.beforeFill(kind, reads[indices[0]!]!.fillKey);
      await Promise.all(indices.map((i, j) => {
        const json = JSON.stringify(values[j]);
        this.copies.remember(keys[i]!, reads[i]!.fillKey, values[j], json.length, ttl);
        return this.write(kind, reads[i]!.fillKey, json, ttl);
      }));
      // A reader whose cache read was already on its way when the fill landed still sees a miss: it shares this
      // load for a moment longer instead of loading again. Same fill key, same stamps: the value is as fresh.
      setTimeout(forget, FLIGHT_GRACE_MS).unref();
    } catch (error) {
      forget();
      throw error;
    }
  }

  /** One entry read again without its held copy (that copy was evicted while the first read was under way). */
  private async rereadOne<T>(
    kind: CacheKind, request: EntryRequest, ttl: number, load: (indices: number[], bypassed: boolean) => Promise<T[]>,
    index: number,
  ): Promise<T> {
    const [value] = await this.many(kind, [request], ttl,
      (indices, bypassed) => (indices.length > 0 ? load([index], bypassed) : Promise.resolve([])));
    return value as T;
  }

  private loadCounted<T>(kind: CacheKind, indices: number[], load: (indices: number[]) => Promise<T[]>): Promise<T[]> {
    this.options.metrics.dbLoads.inc({ kind }, indices.length);
    return load(indices);
  }

  /** null: bypass the cache (off, or the backend was lost and is not re-synced yet). */
  private async read(kind: CacheKind, requests: EntryRequest[]): Promise<EntryRead[] | null> {
    const reads = await this.options.backend?.read(requests) ?? null;
    if (!reads) return null;
    const { metrics, logger } = this.options;
    const debug = logger.isLevelEnabled('debug');
    let hits = 0;
    for (const read of reads) {
      const hit = read.value !== null || read.held === true;
      if (hit) hits++;
      if (debug) logger.debug({ kind, key: read.fillKey }, hit ? '[CACHE] HIT' : '[CACHE] MISS');
    }
    if (hits > 0) metrics.cacheRequests.inc({ kind, result: 'hit' }, hits);
    if (hits < reads.length) metrics.cacheRequests.inc({ kind, result: 'miss' }, reads.length - hits);
    return reads;
  }

  private async write(kind: CacheKind, fillKey: string, value: string, ttl: number): Promise<void> {
    if (!this.options.backend) return;
    const { logger } = this.options;
    if (logger.isLevelEnabled('debug')) logger.debug({ kind, key: fillKey }, '[CACHE] SET');
    await this.options.backend.write(fillKey, value, ttl);
  }
}
