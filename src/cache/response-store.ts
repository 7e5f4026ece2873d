// Storage of whole anonymous responses (the response fast path, docs/architecture.md). A response is stored in the shared store
// with the stamp values of every entry it was built from, and returned only while all of them still have those
// values (compared in the same round trip as the read). A mutation bumps stamps before it returns, so a stored
// response never outlives the data it shows. This process also keeps copies of the responses it served; a copy is
// returned only after its stamps were compared with the shared store's in that lookup (a few bytes instead of the
// whole response), so it is exactly as fresh as the shared copy: no process serves another's stale entry.
import { LRUCache } from 'lru-cache';
import type { Metrics } from '../metrics.js';
import type { GuardedBackend } from './guarded-backend.js';
import type { ResponseDeps } from './response-deps.js';
import { decodeResponsePayload, encodeResponsePayload, type ResponseMeta } from './response-payload.js';

/** A response as the fast path sends it. */
export interface CachedResponse {
  headers: Record<string, string>;
  /** Its validator (response-validator.ts): the same for the same stamp values and bytes, in every process. */
  etag: string;
  /** The threads whose views the response counted: serving it counts them again. */
  views: number[];
  body: Buffer;
}

interface LocalCopy extends CachedResponse {
  stamps: [string, string][];
}

export interface ResponseStoreOptions {
  /** This process's copies. Defaults to 2_000 responses. */
  maxLocalEntries?: number;
  /** Defaults to 32 MiB of response bodies. */
  maxLocalBytes?: number;
}

export class ResponseStore {
  private readonly local: LRUCache<string, LocalCopy>;
  /** Stamp checks of copies waiting to be sent this turn, shared by the lookups that start before (confirm). */
  private readonly checks = new Map<LocalCopy, Promise<boolean>>();

  constructor(private readonly backend: GuardedBackend, private readonly metrics: Metrics, options: ResponseStoreOptions = {}) {
    this.local = new LRUCache<string, LocalCopy>({
      max: options.maxLocalEntries ?? 2_000,
      maxSize: options.maxLocalBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (copy) => Math.max(1, copy.body.length),
      ttlResolution: 0, // read the clock on every check: a cached reading would let a copy outlive the shared one
    });
  }

  /**
   * The response stored under this key while every stamp it was built from still has its value: this process's copy
   * when the shared store confirms its stamps, else the shared store's copy (checked there in the same round trip).
   */
  async lookup(key: string): Promise<CachedResponse | null> {
    const response = await this.find(key);
    this.metrics.cacheRequests.inc({ kind: 'response', result: response ? 'hit' : 'miss' });
    return response;
  }

  /**
   * Stores a response built only from stamped entries, under the stamp values those entries were read with, with
   * its validator (responseValidator of those stamps and this body).
   */
  async store(key: string, deps: ResponseDeps, headers: Iterable<[string, string]>, body: string, etag: string): Promise<void> {
    if (!deps.canStore) return;
    const ttl = Math.max(1, Math.floor(deps.ttl));
    const meta: ResponseMeta = {
      headers: [...headers].filter(([name]) => name !== 'content-length'),
      views: deps.viewedThreadIds,
      etag,
      expiresAt: Date.now() + ttl * 1000,
    };
    await this.backend.writeResponse(key, deps.stamps, encodeResponsePayload(meta, body), ttl);
    this.remember(key, [...deps.stamps], meta, Buffer.from(body));
  }

  private async find(key: string): Promise<CachedResponse | null> {
    const copy = this.local.get(key);
    if (copy) {
      if (await this.confirm(copy)) return copy;
      if (this.local.get(key) === copy) this.local.delete(key); // unless a fresher copy replaced it meanwhile
    }
    const stored = await this.backend.readResponse(key);
    if (stored === null) return null;
    const { meta, body } = decodeResponsePayload(stored.payload);
    return this.remember(key, stored.stamps, meta, Buffer.from(body));
  }

  /**
   * Whether the copy's stamps still hold, asked once for every lookup of the same copy that starts in this turn of
   * the event loop: the check is sent after all of them started (at setImmediate, once the turn's I/O callbacks have
   * run), so a mutation that returned before any of them started has already bumped what the check reads. A lookup
   * that starts after the check was sent asks again.
   */
  private confirm(copy: LocalCopy): Promise<boolean> {
    let check = this.checks.get(copy);
    if (check === undefined) {
      check = new Promise<boolean>((resolve) => {
        setImmediate(() => {
          this.checks.delete(copy);
          this.backend.stampsMatch(copy.stamps).then(resolve, () => resolve(false));
        });
      });
      this.checks.set(copy, check);
    }
    return check;
  }

  /** Keeps a copy for as long as the shared one lives. */
  private remember(key: string, stamps: [string, string][], meta: ResponseMeta, body: Buffer): LocalCopy {
    const copy: LocalCopy = { stamps, views: meta.views, etag: meta.etag, headers: Object.fromEntries(meta.headers), body };
    const ttl = Math.ceil(meta.expiresAt - Date.now());
    if (ttl > 0) this.local.set(key, copy, { ttl });
    return copy;
  }
}
