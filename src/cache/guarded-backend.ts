// Fail-open access to a cache backend: every call has a timeout, a failure is counted and never thrown, and a
// backend that failed is not used until the outbox's poll has resumed it (src/cache/outbox.ts), after applying every
// change left in the outbox: changes that could not reach it meanwhile may be missing there. Two depths of failure:
// - suspended: a read or a write timed out or failed (a slow or busy Redis). Nothing it holds is wrong; resuming
//   takes a ping.
// - lost: an invalidation failed, or the connection closed (Redis may have restarted, failed over, or missed bumps
//   while this process could not see it). Resuming bumps the global epoch first, so no entry from before is found.
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../util/with-timeout.js';
import type { CacheBackend, EntryRead, EntryRequest, StoredResponse } from './cache-backend.js';
import { stamps } from './keys.js';
import type { IndexEntry } from './list-index.js';
import type { IndexCounts, IndexPage, IndexUpdate } from './list-index-store.js';

export interface GuardedBackendOptions {
  backend: CacheBackend;
  metrics: Metrics;
  logger: Logger;
  /** Timeout around every backend call. Defaults to 250 ms. */
  opTimeoutMs?: number;
}

const FAILED = Symbol('failed');
type Op = 'get' | 'set' | 'invalidate';
type State = 'ok' | 'suspended' | 'lost';

export class GuardedBackend {
  private state: State = 'ok';
  /**
   * Until when (Date.now()) this process may serve from the backend, when it must hold a lease (a shared backend:
   * src/cache/outbox.ts); null when no lease is needed.
   */
  private leaseUntil: number | null = null;
  private readonly failureListeners: (() => void)[] = [];
  /** When (Date.now()) the backend last stopped being healthy. */
  private failedAt = 0;

  constructor(private readonly options: GuardedBackendOptions) {
    // A process whose connection dropped may have made no call meanwhile, so it saw no failure; but another process's
    // bumps may not have reached Redis (they wait in PostgreSQL), and Redis may have restarted: re-sync before serving.
    options.backend.onDisconnect(() => this.fail(new Error('connection closed'), 'get', 'lost'));
  }

  /**
   * False while suspended or lost, or while a lease this process needs does not hold: nothing is served from the
   * backend or stored in it until the poll resumes it (or the lease is renewed).
   */
  get available(): boolean {
    return this.state === 'ok' && (this.leaseUntil === null || Date.now() < this.leaseUntil);
  }

  /** Whether the backend is neither suspended nor lost (whatever the lease says). */
  get healthy(): boolean { return this.state === 'ok'; }

  /** Calls `listener` whenever the backend stops being healthy (the outbox then ends the lease at once). */
  onFailure(listener: () => void): void {
    this.failureListeners.push(listener);
  }

  /** From now on the backend serves only while a lease holds (extendLease); it holds none yet. */
  requireLease(): void {
    this.leaseUntil ??= 0;
  }

  /**
   * The lease holds until `until` (Date.now() milliseconds), renewed by a statement sent at `sentAt`. A renewal sent
   * before the backend last failed is ignored: the failure ended the lease in the database too (outbox.ts), and only a
   * renewal made after the poll resumed the backend (having applied what waited) may let it serve again.
   */
  extendLease(until: number, sentAt: number): void {
    if (this.leaseUntil === null || this.state !== 'ok' || sentAt <= this.failedAt) return;
    this.leaseUntil = Math.max(this.leaseUntil, until);
  }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[] | null> {
    if (!this.available) return null;
    const reads = await this.call('get', () => this.options.backend.read(requests));
    return reads === FAILED ? null : reads;
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.available) await this.call('set', () => this.options.backend.write(fillKey, value, ttlSeconds));
  }

  async readResponse(key: string): Promise<StoredResponse | null> {
    if (!this.available) return null;
    const value = await this.call('get', () => this.options.backend.readResponse(key));
    return value === FAILED ? null : value;
  }

  /** False when any stamp moved, or the backend cannot say. */
  async stampsMatch(stamps: readonly (readonly [string, string])[]): Promise<boolean> {
    if (!this.available) return false;
    const match = await this.call('get', () => this.options.backend.stampsMatch(stamps));
    return match === true;
  }

  async writeResponse(key: string, stamps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    if (this.available) await this.call('set', () => this.options.backend.writeResponse(key, stamps, payload, ttlSeconds));
  }

  /** Gives each stamp a fresh value. False when the backend could not take it (the caller keeps it for later). */
  async bump(stampKeys: readonly string[]): Promise<boolean> {
    if (stampKeys.length === 0) return true;
    return (await this.call('invalidate', () => this.options.backend.bump(stampKeys))) !== FAILED;
  }

  /** A page of a maintained list; null when its index is not ready, or the backend is unavailable. */
  async readIndexPage(bucket: string, sort: number, start: string | null, count: number): Promise<IndexPage | null> {
    if (!this.available) return null;
    const page = await this.call('get', () => this.options.backend.lists.readPage(bucket, sort, start, count));
    return page === FAILED ? null : page;
  }

  /** Index counts per bucket; null where not ready, or all null when the backend is unavailable. */
  async readIndexCounts(buckets: readonly string[]): Promise<(IndexCounts | null)[]> {
    if (!this.available) return buckets.map(() => null);
    const counts = await this.call('get', () => this.options.backend.lists.readCounts(buckets));
    return counts === FAILED ? buckets.map(() => null) : counts;
  }

  /** Updates the list indexes. False when the backend could not take it (the caller keeps it for later). */
  async applyIndex(updates: readonly IndexUpdate[]): Promise<boolean> {
    if (updates.length === 0) return true;
    return (await this.call('invalidate', () => this.options.backend.lists.apply(updates))) !== FAILED;
  }

  /**
   * Builds a bucket's index from `load`, which must read the database after it is called (the build is marked by
   * then) and gives null when the bucket names nothing. Its rows become entries (`entryOf`) a chunk at a time, each
   * loaded before the next is made: 10^6 threads made at once blocked the event loop for 4 s. A chunk is one script
   * in Redis: small, so that the calls of requests queued behind it stay within CACHE_TIMEOUT_MS. False when nothing
   * was installed.
   */
  async buildIndex<Row>(
    bucket: string, load: () => Promise<AsyncIterable<readonly Row[]> | null>, entryOf: (row: Row) => IndexEntry, chunk = 500,
  ): Promise<boolean> {
    if (!this.available) return false;
    const { lists } = this.options.backend;
    const token = await this.call('set', () => lists.beginBuild(bucket));
    if (token === FAILED || token === null) return false;
    const abort = (error: unknown) => {
      void this.call('set', () => lists.abortBuild(bucket, token));
      throw error;
    };
    const chunks = await load().catch(abort);
    if (chunks === null) {
      await this.call('set', () => lists.abortBuild(bucket, token));
      return false;
    }
    try {
      for await (const rows of chunks) {
        for (let i = 0; i < rows.length; i += chunk) {
          const entries = rows.slice(i, i + chunk).map(entryOf);
          const loaded = await this.call('set', () => lists.loadBuild(bucket, token, entries));
          if (loaded === FAILED) return false;
        }
      }
    } catch (error) {
      abort(error);
    }
    return (await this.call('set', () => lists.finishBuild(bucket, token))) === true;
  }

  /**
   * The first step of resuming a backend that failed: a ping when it was only suspended, an epoch bump when it was lost
   * (so no entry stored before the failure is ever found). True when it may be resumed; the caller applies the outbox
   * first, then calls resume().
   */
  async prepareResume(): Promise<boolean> {
    if (this.state === 'ok') return true;
    const ready = this.state === 'lost'
      ? await this.call('invalidate', () => this.options.backend.bump([stamps.epoch()]), { quiet: true, keep: true })
      : await this.call('get', () => this.options.backend.ping(), { quiet: true, keep: true });
    return ready !== FAILED;
  }

  resume(): void {
    if (this.state === 'ok') return;
    this.options.logger.warn(this.state === 'lost'
      ? 'cache: backend reachable again; epoch bumped, serving from cache'
      : 'cache: backend answering again; serving from cache');
    this.state = 'ok';
  }

  async health(): Promise<'ok' | 'degraded'> {
    if (!this.available) return 'degraded';
    const pinged = await this.call('get', () => this.options.backend.ping(), { quiet: true });
    return pinged === FAILED ? 'degraded' : 'ok';
  }

  async close(): Promise<void> {
    this.state = 'lost'; // closing is no failure to report
    await this.options.backend.close();
  }

  /** `keep`: a failure leaves the state as it is (a resume attempt that failed). */
  private async call<T>(op: Op, fn: () => Promise<T>, opts: { quiet?: boolean; keep?: boolean } = {}): Promise<T | typeof FAILED> {
    try {
      return await withTimeout(fn(), this.options.opTimeoutMs ?? 250, `cache ${op}`);
    } catch (error) {
      if (!opts.quiet) this.options.metrics.cacheErrors.inc({ op });
      if (!opts.keep) this.fail(error, op, op === 'invalidate' ? 'lost' : 'suspended');
      return FAILED;
    }
  }

  private fail(error: unknown, op: Op, depth: 'suspended' | 'lost') {
    if (process.env.DEBUG_STACK) console.error('STACK', (error as Error).stack);
    const wasOk = this.state === 'ok';
    if (wasOk) this.options.logger.warn({ err: error, op, depth }, 'cache: backend failed; serving from the database');
    if (depth === 'lost' || this.state === 'ok') this.state = depth;
    if (wasOk) {
      this.failedAt = Date.now();
      if (this.leaseUntil !== null) this.leaseUntil = 0;
      for (const listener of this.failureListeners) listener();
    }
  }
}
