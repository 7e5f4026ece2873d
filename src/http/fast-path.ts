// The response fast path (DESIGN.md, "Later"): an anonymous query's response bytes are stored with the generation
// stamps of every entry they were built from, and a later identical request is answered with those bytes, without
// entering Apollo, while every stamp still has its value (checked in the same round trip as the read). A mutation
// bumps stamps before it returns, so a stored response can never outlive the data it shows. Each process also keeps
// copies of the responses it served; a copy is used only after its stamps were compared with the shared store's in
// that request (a few bytes instead of the whole response), so it is exactly as fresh as the shared copy.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GuardedBackend } from '../cache/guarded-backend.js';
import { decodeResponse } from '../cache/cache-backend.js';
import { keys } from '../cache/keys.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Metrics } from '../metrics.js';

interface StoredMeta { headers: [string, string][]; views: number[]; expiresAt: number }

interface LocalResponse {
  deps: [string, string][];
  expiresAt: number;
  views: number[];
  headers: Record<string, string>;
  body: Buffer;
}

/** This process's copies of stored responses (bounded): served only after their stamps were compared in the store. */
const LOCAL_MAX_ENTRIES = 2000;
const LOCAL_MAX_BYTES = 32 * 1024 * 1024;

export class ResponseFastPath {
  private readonly local = new Map<string, LocalResponse>();
  private localBytes = 0;

  constructor(private readonly backend: GuardedBackend, private readonly views: ViewCounter, private readonly metrics: Metrics) {}

  /**
   * The key of an eligible request, or null: only anonymous queries, sent as JSON POST or as a GET that passes
   * CSRF prevention; the Accept header is part of the key (it picks the response's content type).
   */
  keyOf(req: IncomingMessage, url: URL, body: string | null): string | null {
    if (req.headers.authorization !== undefined) return null;
    const accept = req.headers.accept ?? '';
    let request: string;
    if (req.method === 'POST' && body !== null && String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      request = body;
    } else if (req.method === 'GET' && url.searchParams.has('query') && !accept.includes('text/html')
      && (req.headers['apollo-require-preflight'] !== undefined || String(req.headers['content-type'] ?? '').includes('json'))) {
      request = url.search;
    } else {
      return null;
    }
    return keys.response(createHash('sha256').update(`${req.method}\n${accept}\n${request}`).digest('base64url'));
  }

  /** Answers from a stored response whose stamps all still match; false on a miss. */
  async serve(key: string, res: ServerResponse, extraHeaders: Record<string, string>): Promise<boolean> {
    const response = await this.lookup(key);
    this.metrics.cacheRequests.inc({ kind: 'response', result: response ? 'hit' : 'miss' });
    if (!response) return false;
    for (const id of response.views) this.views.record(id);
    res.writeHead(200, { ...response.headers, ...extraHeaders, 'content-length': response.body.length });
    res.end(response.body);
    return true;
  }

  /**
   * This process's copy when its stamps still match in the shared store (a few bytes to compare), else the shared
   * store's copy, checked there in the same round trip.
   */
  private async lookup(key: string): Promise<LocalResponse | null> {
    const local = this.local.get(key);
    if (local) {
      this.local.delete(key);
      if (local.expiresAt > Date.now() && await this.backend.stampsMatch(local.deps)) {
        this.local.set(key, local); // most recently used
        return local;
      }
      this.localBytes -= local.body.length;
    }
    const stored = await this.backend.readResponse(key);
    if (stored === null) return null;
    const { deps, payload } = decodeResponse(stored);
    const newline = payload.indexOf('\n');
    const meta = JSON.parse(payload.slice(0, newline)) as StoredMeta;
    const response: LocalResponse = {
      deps, expiresAt: meta.expiresAt, views: meta.views,
      headers: Object.fromEntries(meta.headers), body: Buffer.from(payload.slice(newline + 1)),
    };
    this.remember(key, response);
    return response;
  }

  private remember(key: string, response: LocalResponse) {
    this.local.set(key, response);
    this.localBytes += response.body.length;
    while (this.local.size > LOCAL_MAX_ENTRIES || this.localBytes > LOCAL_MAX_BYTES) {
      const [oldestKey, oldest] = this.local.entries().next().value as [string, LocalResponse];
      this.local.delete(oldestKey);
      this.localBytes -= oldest.body.length;
    }
  }

  /** Stores a complete, error-free query response built only from stamped entries. */
  async store(key: string, deps: ResponseDeps, status: number, headers: Iterable<[string, string]>, body: string): Promise<void> {
    if (status !== 200 || !deps.canStore || body.includes('"errors":')) return;
    const ttl = Math.max(1, Math.floor(deps.ttl));
    const meta: StoredMeta = {
      headers: [...headers].filter(([name]) => name !== 'content-length'),
      views: deps.viewedThreadIds,
      expiresAt: Date.now() + ttl * 1000,
    };
    await this.backend.writeResponse(key, deps.stamps, `${JSON.stringify(meta)}\n${body}`, ttl);
    const old = this.local.get(key);
    if (old) {
      this.local.delete(key);
      this.localBytes -= old.body.length;
    }
    this.remember(key, {
      deps: [...deps.stamps], expiresAt: meta.expiresAt, views: meta.views,
      headers: Object.fromEntries(meta.headers), body: Buffer.from(body),
    });
  }
}
