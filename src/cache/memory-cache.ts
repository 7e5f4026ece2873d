// In-process backend: an LRU bounded in entries and bytes, with TTLs. Stamps live in a separate map, bounded too
// (every lookup creates its stamps, also of slugs that name nothing): an evicted stamp comes back as a fresh value,
// never an old one, so the entries stored under it are never found again.
import {
  decodeResponse, encodeResponse, freshStampValue, stampedKey, type CacheBackend, type EntryRead, type EntryRequest,
} from './cache-backend.js';
import type { ListIndexStore } from './list-index-store.js';
import { MemoryListIndex } from './memory-list-index.js';

interface Slot { value: string; expiresAt: number }

export interface MemoryCacheOptions {
  /** Defaults to 50_000 entries. */
  maxEntries?: number;
  /** Defaults to 256 MiB, counted as 2 bytes per character of key and value. */
  maxBytes?: number;
  now?: () => number;
}

export class MemoryCache implements CacheBackend {
  readonly name = 'memory' as const;
  readonly lists: ListIndexStore = new MemoryListIndex({
    get: (key) => this.stamp(key),
    bump: (key) => this.setStamp(key, freshStampValue()),
  });
  private readonly entries = new Map<string, Slot>();
  private readonly stampValues = new Map<string, string>();
  private readonly views = new Map<number, number>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 50_000;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  get size() { return this.entries.size; }
  get byteSize() { return this.bytes; }

  private stamp(key: string): string {
    const value = this.stampValues.get(key) ?? freshStampValue();
    this.setStamp(key, value);
    return value;
  }

  /** (Re-)inserts: Map order is the LRU order; past the bound (a few stamps per entry) the least recent goes. */
  private setStamp(key: string, value: string) {
    this.stampValues.delete(key);
    this.stampValues.set(key, value);
    if (this.stampValues.size > this.maxEntries * 4) this.stampValues.delete(this.stampValues.keys().next().value!);
  }

  async read(requests: readonly EntryRequest[]): Promise<EntryRead[]> {
    return requests.map((request) => {
      const fillKey = stampedKey(request.key, request.stamps.map((s) => this.stamp(s)));
      return { value: this.get(fillKey), fillKey };
    });
  }

  private get(key: string): string | null {
    const slot = this.entries.get(key);
    if (!slot) return null;
    if (slot.expiresAt <= this.now()) {
      this.remove(key, slot);
      return null;
    }
    this.entries.delete(key); // re-insert: Map order is the LRU order
    this.entries.set(key, slot);
    return slot.value;
  }

  async readResponse(key: string): Promise<string | null> {
    const stored = this.get(key);
    if (stored === null) return null;
    return (await this.stampsMatch(decodeResponse(stored).deps)) ? stored : null;
  }

  async stampsMatch(deps: readonly (readonly [string, string])[]): Promise<boolean> {
    return deps.every(([stamp, value]) => this.stampValues.get(stamp) === value);
  }

  async writeResponse(key: string, deps: ReadonlyMap<string, string>, payload: string, ttlSeconds: number): Promise<void> {
    await this.write(key, encodeResponse(deps, payload), ttlSeconds);
  }

  async write(fillKey: string, value: string, ttlSeconds: number): Promise<void> {
    const cost = (fillKey.length + value.length) * 2;
    if (cost > this.maxBytes) return;
    const old = this.entries.get(fillKey);
    if (old) this.remove(fillKey, old);
    this.entries.set(fillKey, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    this.bytes += cost;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Slot];
      this.remove(oldestKey, oldest);
    }
  }

  private remove(key: string, slot: Slot) {
    this.entries.delete(key);
    this.bytes -= (key.length + slot.value.length) * 2;
  }

  async bump(stampKeys: readonly string[]): Promise<void> {
    for (const key of stampKeys) this.setStamp(key, freshStampValue());
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
