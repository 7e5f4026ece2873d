// In-process backend: an LRU bounded in entries and bytes, with TTLs. Stamps live in a separate LRU, bounded too
// (every lookup creates its stamps, also of slugs that name nothing): an evicted stamp comes back as a fresh value,
// never an old one, so the entries stored under it are never found again.
import { LRUCache } from 'lru-cache';
import {
  freshStampValue, stampedKey, type CacheBackend, type EntryRead, type EntryRequest, type StoredResponse,
} from './cache-backend.js';
import type { ListIndexStore } from './list-index-store.js';
import { MemoryListIndex } from './memory-list-index.js';

/** An entry (JSON text) or a stored response. */
type Stored = string | StoredResponse;

/** Counted as 2 bytes per character (JavaScript strings are UTF-16), key included. */
function bytesOf(value: Stored, key: string): number {
  if (typeof value === 'string') return (key.length + value.length) * 2;
  let chars = key.length + value.payload.length;
  for (const [stamp, stampValue] of value.stamps) chars += stamp.length + stampValue.length;
  return chars * 2;
}

export interface MemoryCacheOptions {
  /** Defaults to 50_000 entries. */
  maxEntries?: number;
  /** Defaults to 256 MiB, counted as 2 bytes per character of key and value. */
  maxBytes?: number;
  /** The clock TTLs are measured on, in milliseconds. Defaults to Date.now. */
  now?: () => number;
}

export class MemoryCache implements CacheBackend {
  readonly name = 'memory' as const;
  readonly lists: ListIndexStore = new MemoryListIndex({
    get: (key) => this.stamp(key),
    bump: (key) => { this.stampValues.set(key, freshStampValue()); },
  });
  private readonly entries: LRUCache<string, Stored>;
  /** A few stamps per entry. Never evicted to an old value: a missing stamp is created fresh (see stamp()). */
  private readonly stampValues: LRUCache<string, string>;
  private readonly views = new Map<number, number>();

  constructor(options: MemoryCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? 50_000;
    const perf = { now: options.now ?? Date.now };
    this.entries = new LRUCache<string, Stored>({
      max: maxEntries,
      maxSize: options.maxBytes ?? 256 * 1024 * 1024, // an entry larger than this is not stored at all
      sizeCalculation: bytesOf,
      perf,
      ttlResolution: 0, // read the clock on every check: a cached reading would let an entry outlive its TTL
    });
    this.stampValues = new LRUCache<string, string>({ max: maxEntries * 4 });
  }

  get size() { return this.entries.size; }
  get byteSize() { return this.entries.calculatedSize; }

  private stamp(key: string): string {
    let value = this.stampValues.get(key);
    if (value === undefined) {
      value = freshStampValue();
      this.stampValues.set(key, value);
    }
    return value;
  }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[]> {
    return requests.map((request) => {
      const stampValues = request.stamps.map((s) => this.stamp(s));
      const fillKey = stampedKey(request.key, stampValues);
      if (request.held === fillKey) return { value: null, held: true, stampValues, fillKey };
      const value = this.entries.get(fillKey);
      return { value: typeof value === 'string' ? value : null, stampValues, fillKey };
    });
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(fillKey, value, { ttl: ttlSeconds * 1000 });
  }

  async readResponse(key: string): Promise<StoredResponse | null> {
    const stored = this.entries.get(key);
    if (stored === undefined || typeof stored === 'string') return null;
    return (await this.stampsMatch(stored.stamps)) ? stored : null;
  }

  async stampsMatch(stamps: readonly (readonly [string, string])[]): Promise<boolean> {
    return stamps.every(([stamp, value]) => this.stampValues.get(stamp) === value);
  }

  async writeResponse(key: string, stamps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { stamps: [...stamps], payload }, { ttl: ttlSeconds * 1000 });
  }

  async bump(stampKeys: readonly string[]): Promise<void> {
    for (const key of stampKeys) this.stampValues.set(key, freshStampValue());
  }

  async readViewCounts(ids: readonly number[]): Promise<(number | null)[]> {
    return ids.map((id) => this.views.get(id) ?? null);
  }

  async raiseViewCounts(totals: ReadonlyMap<number, number>): Promise<void> {
    for (const [id, total] of totals) {
      if ((this.views.get(id) ?? -1) < total) this.views.set(id, total);
    }
  }

  async ping(): Promise<void> {}
  onDisconnect(): void {}
  async close(): Promise<void> {}
}
