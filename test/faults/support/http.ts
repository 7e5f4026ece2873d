// A small HTTP client over node:http: raw bodies and headers (the hostile cases need both), a chosen loopback
// source address (the login limits are per IP), keep-alive, and a bound on every request's time.
import { Agent, request } from 'node:http';
import { inspectResponse } from './audit.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

export interface GqlError { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: unknown[] }
export interface GqlResponse<T = any> extends RawResponse {
  data?: T | null;
  errors?: GqlError[];
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export class TransportError extends Error {}

export class HttpClient {
  private readonly agent: Agent;

  constructor(readonly baseUrl: string, readonly localAddress?: string) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 8, localAddress });
  }

  raw(req: RawRequest): Promise<RawResponse> {
    const url = new URL(req.path ?? '/graphql', this.baseUrl);
    return new Promise((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
      const r = request(url, {
        method: req.method ?? (body ? 'POST' : 'GET'), agent: this.agent,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new TransportError(e.message)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          inspectResponse(`${req.method ?? 'POST'} ${url.pathname}`, res.statusCode ?? 0, text, json);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      r.setTimeout(req.timeoutMs ?? 20_000, () => r.destroy(new Error(`request timed out after ${req.timeoutMs ?? 20_000} ms`)));
      r.on('error', (e) => reject(new TransportError(e.message)));
      r.end(body);
    });
  }

  async gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>> {
    const res = await this.raw({
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const json = (res.json ?? {}) as { data?: T | null; errors?: GqlError[] };
    return { ...res, data: json.data, errors: json.errors };
  }

  /** gql that throws unless the call succeeded without errors; returns data. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
    const res = await this.gql<T>(query, variables, token);
    if (res.status !== 200 || res.errors?.length || !res.data) {
      throw new Error(`GraphQL call failed (HTTP ${res.status}): ${res.text.slice(0, 400)}`);
    }
    return res.data;
  }

  async healthz(): Promise<{ status: number; body: any }> {
    const res = await this.raw({ method: 'GET', path: '/healthz', timeoutMs: 5000 });
    return { status: res.status, body: res.json };
  }

  async metricsText(): Promise<string> {
    return (await this.raw({ method: 'GET', path: '/metrics', timeoutMs: 5000 })).text;
  }

  close() {
    this.agent.destroy();
  }
}

export const firstCode = (res: GqlResponse) => res.errors?.[0]?.extensions?.code;

/** Sums forum_cache_requests_total by result from a /metrics text. */
export function cacheRequests(metrics: string): { hit: number; miss: number } {
  const out = { hit: 0, miss: 0 };
  for (const line of metrics.split('\n')) {
    const m = /^forum_cache_requests_total\{[^}]*result="(hit|miss)"[^}]*\} ([\d.e+]+)/.exec(line);
    if (m) out[m[1] as 'hit' | 'miss'] += Number(m[2]);
  }
  return out;
}

/** Cache lease renewals by result (forum_cache_lease_renewals_total), summed over the metrics texts given. */
export function leaseRenewals(...texts: string[]): Record<string, number> {
  const out: Record<string, number> = { renewed: 0, refused: 0, failed: 0 };
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const m = /^forum_cache_lease_renewals_total\{result="(\w+)"\} ([\d.e+]+)/.exec(line);
      if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
    }
  }
  return out;
}
