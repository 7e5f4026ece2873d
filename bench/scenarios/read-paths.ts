// Scenario 1, read paths: the thread page, a category's thread list and the categories tree, each on one key (a
// cache hit after the warm-up), against every target. The machine is shared, so targets are measured in
// interleaved rounds (every target once per round) and each figure is the median round: a busy moment then
// lands on all targets alike instead of on whichever ran at that time. The forum's responses are the floor's bytes.
import { loadavg } from 'node:os';
import type { Catalog } from '../lib/catalog.js';
import { typicalThread } from '../lib/catalog.js';
import { httpRequest } from '../lib/http.js';
import { load, type LoadResult } from '../lib/load.js';
import { categoriesBody, JSON_HEADERS, threadListBody, threadPageBody } from '../lib/queries.js';
import { delta, scrape } from '../lib/scrape.js';
import type { RunningServer, TargetName } from '../lib/servers.js';

/** `revalidate`: the thread page again, sent with the If-None-Match of the target's own first answer (a 304 where it has an ETag). */
export type ReadKey = 'thread' | 'list' | 'categories' | 'revalidate';

export interface ReadQuery { key: ReadKey; label: string; body: string; subject: string }

export interface ReadRun {
  target: TargetName;
  query: ReadKey;
  /** The median round (by requests/s). */
  load: LoadResult;
  /** Requests/s of every round, in order. */
  rounds: number[];
  /** SQL statements per request on the hot key, from requests sent one at a time after the rounds (null: the floor). */
  sqlPerRequest: number | null;
  /** Share of those requests answered by the response cache (the forum's fast path, a peer's cache). */
  responseHitRatio: number | null;
  /** Whether the response's data equals the reference target's (CACHE=off). */
  sameData: boolean;
  bytes: number;
  /** 1-minute load average during the median round: the machine is shared, so a busy moment shows here. */
  loadAverage: number;
}

/** A stored response for the floor: the request body, and the forum's response headers and bytes. */
export interface FloorResponse { request: string; headers: Record<string, string>; body: string }

export interface ReadPathSettings { connections: number; warmupS: number; roundS: number; rounds: number }

export function readQueries(catalog: Catalog, postsPerThread: number): ReadQuery[] {
  const thread = typicalThread(catalog, postsPerThread);
  const category = catalog.categories[0]!.slug;
  return [
    { key: 'thread', label: 'thread page', body: threadPageBody(thread.slug), subject: `${thread.slug} (${thread.postCount} posts, first 20)` },
    { key: 'list', label: 'thread list', body: threadListBody(category), subject: `${category}, LAST_ACTIVITY, first 20` },
    { key: 'categories', label: 'categories tree', body: categoriesBody(), subject: `${catalog.categories.length} categories` },
    { key: 'revalidate', label: 'thread page revalidation', body: threadPageBody(thread.slug), subject: `the thread page with If-None-Match: its ETag (304; 200 with the whole page where there is no ETag)` },
  ];
}

const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

const dataOf = (text: string) => {
  try {
    return JSON.stringify((JSON.parse(text) as { data?: unknown }).data ?? null);
  } catch {
    return 'not JSON';
  }
};

export interface FirstAnswer { text: string; headers: Record<string, string> }

/** One request per path: checks that the target answers, and keeps the bytes (the floor serves the forum's). */
export async function firstAnswers(server: RunningServer, queries: ReadQuery[]): Promise<Map<ReadKey, FirstAnswer>> {
  const answers = new Map<ReadKey, FirstAnswer>();
  for (const query of queries) {
    const response = await httpRequest(server.graphql, { headers: JSON_HEADERS, body: query.body });
    if (response.status !== 200 || response.text.includes('"errors"')) {
      throw new Error(`${server.target.name} answered the ${query.label} with ${response.status}: ${response.text.slice(0, 300)}`);
    }
    const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !HOP_HEADERS.has(name)));
    answers.set(query.key, { text: response.text, headers });
  }
  return answers;
}

/** The floor's file: the forum's (Redis-backed) answer to each request. */
export const floorResponses = (queries: ReadQuery[], forum: Map<ReadKey, FirstAnswer>): FloorResponse[] =>
  queries.map((q) => ({ request: q.body, headers: forum.get(q.key)!.headers, body: forum.get(q.key)!.text }));

interface Round { load: LoadResult; loadAverage: number }

async function round(
  server: RunningServer, query: ReadQuery, settings: ReadPathSettings, warmupS: number, headers: Record<string, string>,
): Promise<Round> {
  const loadAverage = loadavg()[0]!;
  const result = await load({
    title: `${server.target.name.padEnd(13)} ${query.label}`, url: server.graphql, body: query.body, quiet: true, headers,
    connections: settings.connections, durationS: settings.roundS, warmupS,
  });
  return { load: result, loadAverage };
}

/**
 * If-None-Match with the ETag the target gives the page now (none where it has none). Asked before every round: an
 * epoch bump (a process that timed out on Redis under this load re-syncs) rightly gives every response a new ETag.
 */
async function currentValidator(server: RunningServer, query: ReadQuery): Promise<Record<string, string>> {
  const etag = (await httpRequest(server.graphql, { headers: JSON_HEADERS, body: query.body })).headers.etag;
  return etag ? { 'if-none-match': etag } : {};
}

const SEQUENTIAL_REQUESTS = 5;

/**
 * SQL statements and response-cache hits per request in the state the rounds left (a hot key), from a few
 * requests sent one at a time: under load, requests the load generator abandons at the end of a run still
 * run their SQL and would skew a per-request figure.
 */
async function perRequest(server: RunningServer, query: ReadQuery): Promise<{ sql: number; hits: number }> {
  const before = await scrape(server.base);
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) await httpRequest(server.graphql, { headers: JSON_HEADERS, body: query.body });
  const after = await scrape(server.base);
  const hits = server.target.family === 'forum'
    ? delta(before, after, 'forum_cache_requests_total', { kind: 'response', result: 'hit' })
    : delta(before, after, 'peer_response_cache_requests_total', { result: 'hit' });
  return { sql: delta(before, after, 'forum_db_queries_total') / SEQUENTIAL_REQUESTS, hits: Math.min(1, hits / SEQUENTIAL_REQUESTS) };
}

/**
 * Measures every path on every target in interleaved rounds; the first round warms each target and path up.
 * `answers` holds each target's first answers (firstAnswers); the first target's data is the reference.
 */
export async function measureReadPaths(
  servers: RunningServer[], queries: ReadQuery[], settings: ReadPathSettings, answers: Map<TargetName, Map<ReadKey, FirstAnswer>>,
): Promise<ReadRun[]> {
  const rounds = new Map<string, Round[]>();
  for (let r = 0; r < settings.rounds; r++) {
    for (const query of queries) {
      const line: string[] = [];
      for (const server of servers) {
        const key = `${server.target.name}/${query.key}`;
        const headers = query.key === 'revalidate' ? await currentValidator(server, query) : {};
        const result = await round(server, query, settings, r === 0 ? settings.warmupS : 0, headers);
        rounds.set(key, [...(rounds.get(key) ?? []), result]);
        line.push(`${server.target.name} ${Math.round(result.load.rps).toLocaleString('en-US')}`);
      }
      process.stderr.write(`  round ${r + 1}/${settings.rounds} ${query.label} (req/s): ${line.join(' · ')}\n`);
    }
  }
  const reference = answers.get(servers[0]!.target.name)!;
  const runs: ReadRun[] = [];
  for (const server of servers) {
    for (const query of queries) {
      const all = rounds.get(`${server.target.name}/${query.key}`)!;
      const median = [...all].sort((a, b) => a.load.rps - b.load.rps)[Math.floor(all.length / 2)]!;
      const family = server.target.family;
      const cost = family === 'floor' ? null : await perRequest(server, query);
      const text = answers.get(server.target.name)!.get(query.key)!.text;
      runs.push({
        target: server.target.name, query: query.key, load: median.load, rounds: all.map((x) => Math.round(x.load.rps)),
        sqlPerRequest: cost?.sql ?? null,
        responseHitRatio: cost === null || server.target.cache === 'off' ? null : cost.hits,
        sameData: dataOf(text) === dataOf(reference.get(query.key)!.text), bytes: Buffer.byteLength(text), loadAverage: median.loadAverage,
      });
    }
  }
  return runs;
}
