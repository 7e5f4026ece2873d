// The response fast path (docs/architecture.md): an eligible request is answered with a stored response's bytes, without
// entering Apollo, while every stamp it was built from still has its value. Storage and freshness live in the cache
// layer (src/cache/response-store.ts); this file decides which requests and responses qualify and writes the bytes.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keys } from '../cache/keys.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { ResponseStore } from '../cache/response-store.js';
import type { ViewCounter } from '../counters/view-counter.js';

export class ResponseFastPath {
  constructor(private readonly responses: ResponseStore, private readonly views: ViewCounter) {}

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
    const response = await this.responses.lookup(key);
    if (!response) return false;
    for (const id of response.views) this.views.record(id);
    res.writeHead(200, { ...response.headers, ...extraHeaders, 'content-length': response.body.length });
    res.end(response.body);
    return true;
  }

  /** Stores a complete, error-free query response (the store also requires it was built only from stamped entries). */
  async store(key: string, deps: ResponseDeps, status: number, headers: Iterable<[string, string]>, body: string): Promise<void> {
    if (status !== 200 || body.includes('"errors":')) return;
    await this.responses.store(key, deps, headers, body);
  }
}
