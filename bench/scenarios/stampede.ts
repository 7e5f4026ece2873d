// Scenario 4, stampede: 200 concurrent requests for one cold thread page, each on its own connection. Counts the
// database loads the server made to fill its cache (forum_cache_loads_total{kind="thread"}: the thread entry and
// its first post page are two keys) and the SQL statements sent.
import { Agent, request } from 'node:http';
import { threadPageBody, JSON_HEADERS } from '../lib/queries.js';
import { delta, scrape } from '../lib/scrape.js';
import type { RunningServer, TargetName } from '../lib/servers.js';

export const STAMPEDE_REQUESTS = 200;
/** Cache keys a thread page needs: the thread entry and its first post page. */
const THREAD_PAGE_KEYS = 2;

export interface StampedeResult {
  target: TargetName;
  slug: string;
  requests: number;
  ok: number;
  identical: boolean;
  /** forum_cache_loads_total{kind="thread"} (null for peers, which have no such counter). */
  loads: number | null;
  loadsPerKey: number | null;
  sqlStatements: number;
  wallMs: number;
}

function send(url: URL, body: string, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function measureStampede(server: RunningServer, slug: string): Promise<StampedeResult> {
  const body = threadPageBody(slug);
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const before = await scrape(server.base);
  const started = performance.now();
  const responses = await Promise.all(Array.from({ length: STAMPEDE_REQUESTS }, () => send(new URL(server.graphql), body, agent)));
  const wallMs = performance.now() - started;
  agent.destroy();
  const after = await scrape(server.base);
  const ok = responses.filter((r) => r.status === 200 && !r.text.includes('"errors"'));
  const dataOf = (text: string) => JSON.stringify((JSON.parse(text) as { data: unknown }).data);
  const forum = server.target.family === 'forum';
  const loads = forum ? delta(before, after, 'forum_cache_loads_total', { kind: 'thread' }) : null;
  const result: StampedeResult = {
    target: server.target.name, slug, requests: STAMPEDE_REQUESTS, ok: ok.length,
    identical: ok.length > 0 && ok.every((r) => dataOf(r.text) === dataOf(ok[0]!.text)),
    loads, loadsPerKey: loads === null ? null : loads / THREAD_PAGE_KEYS,
    sqlStatements: delta(before, after, 'forum_db_queries_total'), wallMs,
  };
  process.stderr.write(`  ${server.target.name.padEnd(13)} stampede: ${result.ok}/${STAMPEDE_REQUESTS} ok, `
    + `${loads === null ? '' : `${loads} cache loads (${result.loadsPerKey} per key), `}${result.sqlStatements} SQL statements, ${wallMs.toFixed(0)} ms\n`);
  return result;
}
