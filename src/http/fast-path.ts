// The response fast path (docs/architecture.md): an eligible request is answered with a stored response's bytes, without
// entering Apollo, while every stamp it was built from still has its value. Storage and freshness live in the cache
// layer (src/cache/response-store.ts); this file decides which requests and responses qualify and writes the bytes,
// with the validators of cache-headers.ts: a matching If-None-Match is answered 304 after that one stamp check.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { keys } from '../cache/keys.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { CachedResponse, ResponseStore } from '../cache/response-store.js';
import { responseValidator } from '../cache/response-validator.js';
import type { ViewCounter } from '../counters/view-counter.js';
import { etagMatches, publicCacheHeaders, quoteEtag, type HttpCachePolicy } from './cache-headers.js';
import { CORS_HEADERS } from './responses.js';

/** The headers of a stored response's 200 and 304, built once per copy (a hit then allocates no header object). */
interface Prepared { etag: string; ok: Record<string, string | number>; notModified: Record<string, string> }

export class ResponseFastPath {
  private readonly prepared = new WeakMap<CachedResponse, Prepared>();
  /** Requests that missed and are being built now, by key: resolved once their response is stored (or not). */
  private readonly building = new Map<string, Promise<void>>();
  /**
   * Request keys of recent requests, by the text they are hashed from: a client repeats its requests byte for byte,
   * and a string lookup (an equality check on the whole text) costs less than SHA-256 on every hit.
   */
  private readonly requestKeys = new LRUCache<string, string>({ max: 10_000, maxSize: 16 * 1024 * 1024, sizeCalculation: (_, text) => text.length });

  constructor(
    private readonly responses: ResponseStore,
    private readonly views: ViewCounter,
    private readonly policy: HttpCachePolicy,
  ) {}

  /**
   * The key of an eligible request, or null: only anonymous queries, sent as JSON POST or as a GET that passes
   * CSRF prevention, with the document in `query` or only its hash (`extensions`: Apollo's automatic persisted
   * queries); the Accept header is part of the key (it picks the response's content type).
   */
  keyOf(req: IncomingMessage, url: URL, body: string | null): string | null {
    if (req.headers.authorization !== undefined) return null;
    const accept = req.headers.accept ?? '';
    let request: string;
    if (req.method === 'POST' && body !== null && String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      request = body;
    } else if (req.method === 'GET' && (url.searchParams.has('query') || url.searchParams.has('extensions'))
      && !accept.includes('text/html')
      && (req.headers['apollo-require-preflight'] !== undefined || String(req.headers['content-type'] ?? '').includes('json'))) {
      request = url.search;
    } else {
      return null;
    }
    const text = `${req.method}\n${accept}\n${request}`;
    let key = this.requestKeys.get(text);
    if (key === undefined) {
      key = keys.response(createHash('sha256').update(text).digest('base64url'));
      if (text.length <= 8192) this.requestKeys.set(text, key);
    }
    return key;
  }

  /** Answers from a stored response whose stamps all still match (304 when If-None-Match names it); false on a miss. */
  async serve(key: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const response = await this.responses.lookup(key);
    if (!response) return false;
    for (const id of response.views) this.views.record(id);
    const prepared = this.prepare(response);
    if (etagMatches(req.headers['if-none-match'], prepared.etag)) {
      res.writeHead(304, prepared.notModified).end();
    } else {
      res.writeHead(200, prepared.ok).end(response.body);
    }
    return true;
  }

  /**
   * After a miss: builds the response with `execute`, unless a request with the same key is being built right now.
   * Then it waits until that one is done and looks again; what that one stored is served only after its stamps were
   * compared with the shared store at that moment (serve), so a change that returned meanwhile makes this request
   * build its own: joining never serves stale bytes. Under a hot key's invalidation, N identical executions become
   * one. The check and the registration happen before any await, so two requests cannot both miss the other.
   */
  async serveOrBuild(key: string, req: IncomingMessage, res: ServerResponse, execute: () => Promise<void>): Promise<void> {
    const building = this.building.get(key);
    if (building !== undefined) {
      await building;
      if (await this.serve(key, req, res)) return;
      return execute();
    }
    const done = execute();
    const settled = done.then(() => {}, () => {});
    this.building.set(key, settled);
    try {
      await done;
    } finally {
      if (this.building.get(key) === settled) this.building.delete(key);
    }
  }

  /**
   * The validator (unquoted) of a response the fast path may store: complete, error-free, built only from stamped
   * entries (ResponseDeps.canStore); null otherwise, and such a response gets no ETag.
   */
  validatorOf(deps: ResponseDeps, status: number, body: string): string | null {
    if (status !== 200 || body.includes('"errors":') || !deps.canStore) return null;
    return responseValidator(deps.stamps, body);
  }

  /** The caching headers of a public response with this validator. */
  cacheHeaders(validator: string): Record<string, string> {
    return publicCacheHeaders(this.policy, quoteEtag(validator));
  }

  /** Stores a response validatorOf() accepted; only its content type is kept of Apollo's headers (the rest is ours). */
  async store(key: string, deps: ResponseDeps, headers: Iterable<[string, string]>, body: string, validator: string): Promise<void> {
    const kept = [...headers].filter(([name]) => name === 'content-type');
    await this.responses.store(key, deps, kept, body, validator);
  }

  private prepare(response: CachedResponse): Prepared {
    let prepared = this.prepared.get(response);
    if (prepared === undefined) {
      const caching = this.cacheHeaders(response.etag);
      prepared = {
        etag: caching.etag!,
        ok: { ...CORS_HEADERS, ...response.headers, ...caching, 'content-length': response.body.length },
        notModified: { ...CORS_HEADERS, ...caching },
      };
      this.prepared.set(response, prepared);
    }
    return prepared;
  }
}
