// The response fast path (DESIGN.md, "Later"): an anonymous query's response bytes are stored with the generation
// stamps of every entry they were built from, and a later identical request is answered with those bytes, without
// entering Apollo, while every stamp still has its value (checked in the same round trip as the read). A mutation
// bumps stamps before it returns, so a stored response can never outlive the data it shows.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GuardedBackend } from '../cache/guarded-backend.js';
import { keys } from '../cache/keys.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Metrics } from '../metrics.js';

interface StoredMeta { headers: [string, string][]; views: number[] }

export class ResponseFastPath {
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
    const stored = await this.backend.readResponse(key);
    if (stored === null) {
      this.metrics.cacheRequests.inc({ kind: 'response', result: 'miss' });
      return false;
    }
    this.metrics.cacheRequests.inc({ kind: 'response', result: 'hit' });
    const newline = stored.indexOf('\n');
    const meta = JSON.parse(stored.slice(0, newline)) as StoredMeta;
    for (const id of meta.views) this.views.record(id);
    const body = stored.slice(newline + 1);
    res.writeHead(200, { ...Object.fromEntries(meta.headers), ...extraHeaders, 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  }

  /** Stores a complete, error-free query response built only from stamped entries. */
  async store(key: string, deps: ResponseDeps, status: number, headers: Iterable<[string, string]>, body: string): Promise<void> {
    if (status !== 200 || !deps.canStore || body.includes('"errors":')) return;
    const meta: StoredMeta = {
      headers: [...headers].filter(([name]) => name !== 'content-length'),
      views: deps.viewedThreadIds,
    };
    await this.backend.writeResponse(key, deps.stamps, `${JSON.stringify(meta)}\n${body}`, Math.max(1, Math.floor(deps.ttl)));
  }
}
