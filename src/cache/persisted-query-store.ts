// Where Apollo Server finds a persisted query's document by its hash (its `persistedQueries.cache`, a KeyValueCache
// whose keys Apollo prefixes with `apq:`). Three sources, first found wins:
// - the manifest (PERSISTED_QUERIES_MANIFEST): read-only, loaded and checked at start-up;
// - this process's copies: an LRU bounded in entries, bytes and time;
// - with Redis, the registrations every process shares (redis-persisted-queries.ts).
// A document is content-addressed (registered only under its own SHA-256), so any copy is as good as another, and a
// failure is a miss: the client is answered PERSISTED_QUERY_NOT_FOUND and sends the document again, which runs.
import { createHash } from 'node:crypto';
import type { PersistedQueryOptions } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { withTimeout } from '../util/with-timeout.js';
import type { RedisPersistedQueries } from './redis-persisted-queries.js';

/** A document longer than this (UTF-8 bytes) runs, but is not registered: the client keeps sending its text. */
export const MAX_PERSISTED_DOCUMENT_BYTES = 32 * 1024;
/** Bound of a process's own copies in bytes (2 per character), besides PERSISTED_QUERIES_MAX_ENTRIES. */
export const MAX_LOCAL_PERSISTED_BYTES = 32 * 1024 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Whether a value is a SHA-256 as Apollo's persisted queries carry it: 64 lower-case hexadecimal digits. */
export const isSha256Hex = (value: unknown): value is string => typeof value === 'string' && SHA256_HEX.test(value);
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export interface PersistedQueryStoreOptions {
  /** Documents by hash that are always known (the manifest's operations); null for none. */
  manifest: ReadonlyMap<string, string> | null;
  /** Whether clients may register documents (automatic persisted queries); false: only the manifest is known. */
  registrations: boolean;
  /** Registrations shared across processes; null: this process's copies only. */
  shared: RedisPersistedQueries | null;
  ttlS: number;
  maxEntries: number;
  /** Longest a call to the shared store may take before it counts as a miss (CACHE_TIMEOUT_MS). */
  timeoutMs: number;
}

/** The cache interface Apollo Server's persisted queries take. */
type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;

export class PersistedQueryStore implements KeyValueCache {
  private readonly local: LRUCache<string, string>;

  constructor(private readonly options: PersistedQueryStoreOptions) {
    this.local = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: MAX_LOCAL_PERSISTED_BYTES,
      sizeCalculation: (value, key) => (value.length + key.length) * 2,
      ttl: options.ttlS * 1000,
    });
  }

  async get(key: string): Promise<string | undefined> {
    const hash = hashOf(key);
    if (hash === null) return undefined;
    const known = this.options.manifest?.get(hash) ?? (this.options.registrations ? this.local.get(hash) : undefined);
    if (known !== undefined || !this.options.registrations || !this.options.shared) return known;
    try {
      const shared = await withTimeout(this.options.shared.get(hash), this.options.timeoutMs, 'persisted query get');
      // Checked again: whatever wrote it, a document is served only under its own hash.
      if (shared === null || sha256Hex(shared) !== hash) return undefined;
      this.local.set(hash, shared);
      return shared;
    } catch {
      return undefined; // Redis away or slow: the client sends the document again
    }
  }

  /** Apollo calls this after the document was checked against its hash and validated; it does not wait for it. */
  async set(key: string, document: string): Promise<void> {
    const hash = hashOf(key);
    if (!this.options.registrations || hash === null || this.options.manifest?.has(hash)) return;
    if (Buffer.byteLength(document) > MAX_PERSISTED_DOCUMENT_BYTES || sha256Hex(document) !== hash) return;
    this.local.set(hash, document);
    if (!this.options.shared) return;
    const { ttlS, maxEntries, timeoutMs } = this.options;
    await withTimeout(this.options.shared.register(hash, document, ttlS, maxEntries), timeoutMs, 'persisted query set')
      .catch(() => {}); // kept here; other processes answer NOT_FOUND once and get the document again
  }

  async delete(key: string): Promise<boolean> {
    const hash = hashOf(key);
    return hash !== null && this.local.delete(hash);
  }
}

/** The hash of a key Apollo asks for (`apq:<hash>`), or null when it is not a well-formed SHA-256. */
function hashOf(key: string): string | null {
  const hash = key.startsWith('apq:') ? key.slice(4) : key;
  return isSha256Hex(hash) ? hash : null;
}
