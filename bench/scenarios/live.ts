// Live updates at load: SUBSCRIBERS graphql-ws clients on one thread, half on each of two forum processes sharing
// PostgreSQL and Redis (events cross processes over Redis pub/sub), while one writer posts replies at a steady rate
// to the first process. Subscribers connect a few at a time (as pages open, not all in one instant), and measuring
// starts once every subscriber has received a warm-up reply (its subscription is in place). Delivery latency runs to
// each subscriber's arrival from two points: the reply's transaction (its post's createdAt, PostgreSQL's now(): an
// upper bound of commit to client, the commit comes a few statements later) and the moment the reply's mutation was
// sent (which adds the mutation's own time). Server CPU per delivered event is the two processes' CPU time (from
// /proc) over the events delivered.
import { cpuUs } from '../lib/cpu.js';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Writer } from '../lib/bench-db.js';
import { httpRequest } from '../lib/http.js';
import { startServer, TARGETS, type ServerSettings } from '../lib/servers.js';
import { percentile } from '../lib/workload.js';
import { decodeLiveCursor, encodeLiveCursor } from '../../src/live/live-cursor.js';
import { fromGlobalId } from '../../src/model/global-id.js';

export interface LiveResult {
  subscribers: number;
  processes: number;
  replies: number;
  ratePerS: number;
  expected: number;
  delivered: number;
  /** Events that arrived again at a subscriber that already had them. */
  repeated: number;
  /** From sending the reply to the event's arrival, ms. */
  p50Ms: number;
  p99Ms: number;
  /** From the reply's transaction (its post's createdAt) to the event's arrival, ms: the goal's commit to client. */
  fromTxP50Ms: number;
  fromTxP99Ms: number;
  /** Warm-up replies posted until every subscriber had one, and the seconds that took. */
  warmups: number;
  warmupS: number;
  cpuUsPerEvent: number;
  /** The load generator's own CPU per delivered event (its 1,000 clients share the cores with the servers). */
  clientCpuUsPerEvent: number;
  /** Taking the subscribers in: from the first connection until every subscriber had a warm-up reply, seconds. */
  intakeS: number;
  /** The servers' CPU over that time, per subscriber, µs. */
  intakeCpuUsPerSubscriber: number;
  /** Subscriptions `after` a position REPLAY_BACK events back, on either process: time to the last replayed event. */
  replay: ReplayResult | null;
}

export interface ReplayResult {
  samples: number;
  /** Events each subscription replayed. */
  events: number;
  /** From the subscribe message to the first replayed event, and to the last, ms. */
  firstP50Ms: number;
  p50Ms: number;
  p99Ms: number;
  /** Side by side: a subscription without `after` (nothing to replay), from subscribe to its first live event, ms. */
  liveP50Ms: number;
}

const SUBSCRIBERS = 1000;
/**
 * Connections opened and not yet acknowledged, at most. All 1,000 in one instant made 141 of them miss graphql-ws's
 * connection_init timeout (3 s) at a load average of 9.
 */
const CONNECTING_AT_ONCE = 50;
/** Warm-up replies at most, each waited for up to WARMUP_WAIT_MS, until every subscriber has had one. */
const WARMUPS_MAX = 20;
const WARMUP_WAIT_MS = 2000;
/** Subscribers spread over source addresses, so that the per-address connection limit (50) keeps its default. */
const ADDRESSES = 25;
const SUBSCRIPTION = 'subscription($s: String!) { threadActivity(slug: $s) { kind postId } }';
const REPLAY = 'subscription($s: String!, $a: String) { threadActivity(slug: $s, after: $a) { kind postId position } }';
/** How far back the replay subscriptions start, and how many are measured. */
const REPLAY_BACK = 100;
const REPLAY_SAMPLES = 40;
const REPLY = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id createdAt } }';

export async function measureLive(
  settings: ServerSettings, writer: Writer, threadSlug: string, opts: { replies: number; ratePerS: number }, log: (line: string) => void,
): Promise<LiveResult> {
  const forum = TARGETS.find((t) => t.name === 'forum-redis')!;
  const servers = [await startServer(forum, settings), await startServer(forum, settings)];
  const clients: Client[] = [];
  const sentAt = new Map<string, number>();
  /** The reply's transaction (its createdAt), on this process's performance.now() clock. */
  const txAt = new Map<string, number>();
  /** Each POST_ADDED a subscriber received while measuring: the subscriber, the post's id and when. */
  const arrivals: [number, string, number][] = [];
  /** Subscribers that received a warm-up reply. */
  const warmed = new Set<number>();
  let measuring = false;
  const reply = (body: string) => httpRequest(servers[0]!.graphql, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
    body: JSON.stringify({ query: REPLY, variables: { i: { threadSlug, body } } }),
  }).then((res) => JSON.parse(res.text) as { data?: { createPost?: { id: string; createdAt: string } }; errors?: unknown[] });
  try {
    let acked = 0;
    let failed = 0;
    const intakeStart = performance.now();
    const intakeCpuBefore = servers.reduce((n, s) => n + cpuUs(s.pid), 0);
    const deadline = Date.now() + 60_000;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      while (i - acked - failed >= CONNECTING_AT_ONCE && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const localAddress = `127.0.0.${10 + (i % ADDRESSES)}`;
      let connected = false;
      class LocalWebSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) { super(url, protocols, { localAddress }); }
      }
      const client = createClient({
        url: servers[i % servers.length]!.graphql.replace(/^http/, 'ws'), webSocketImpl: LocalWebSocket, lazy: false,
        retryAttempts: 0, onNonLazyError: () => {},
        on: { connected: () => { acked++; connected = true; }, closed: () => { if (!connected) failed++; connected = true; } },
      });
      clients.push(client);
      client.subscribe<{ threadActivity: { kind: string; postId: string | null } }>(
        { query: SUBSCRIPTION, variables: { s: threadSlug } },
        {
          next: ({ data }) => {
            if (data?.threadActivity.kind !== 'POST_ADDED' || !data.threadActivity.postId) return;
            if (measuring) arrivals.push([i, data.threadActivity.postId, performance.now()]);
            else warmed.add(i);
          },
          error: () => {},
          complete: () => {},
        },
      );
    }
    while (acked + failed < SUBSCRIBERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    log(`  live: ${acked} of ${SUBSCRIBERS} subscribers connected over ${servers.length} processes (${failed} refused or timed out)`);
    // A subscription is in place once its subscribe message was processed: warm-up replies until each had one.
    const warmStart = performance.now();
    let warmups = 0;
    while (warmed.size < acked && warmups < WARMUPS_MAX) {
      await reply(`live bench warm-up ${warmups++}`);
      const end = performance.now() + WARMUP_WAIT_MS;
      while (warmed.size < acked && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
    }
    const warmupS = (performance.now() - warmStart) / 1000;
    const intakeS = (performance.now() - intakeStart) / 1000;
    const intakeCpuUsPerSubscriber = (servers.reduce((n, s) => n + cpuUs(s.pid), 0) - intakeCpuBefore) / Math.max(1, acked);
    log(`  live: ${warmed.size} of ${acked} subscribers had a warm-up reply after ${warmups} (${warmupS.toFixed(1)} s); taking them in took `
      + `${intakeS.toFixed(1)} s and ${(intakeCpuUsPerSubscriber / 1000).toFixed(2)} ms of server CPU per subscriber`);
    measuring = true;
    const wallOffset = Date.now() - performance.now();
    const cpuBefore = servers.reduce((n, s) => n + cpuUs(s.pid), 0);
    const clientBefore = process.cpuUsage();
    const interval = 1000 / opts.ratePerS;
    const start = performance.now();
    for (let r = 0; r < opts.replies; r++) {
      const wait = start + r * interval - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      const answer = await reply(`live bench reply ${r}`);
      const created = answer.data?.createPost;
      if (created) {
        sentAt.set(created.id, sent);
        txAt.set(created.id, Date.parse(created.createdAt) - wallOffset);
      } else if (r === 0) log(`  live: a reply failed: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    // Events still on their way: wait until none arrived for 2 s (at most 20 s), so that a late event counts as late,
    // not as lost. CPU is counted up to the first quiet moment.
    let seen = -1;
    for (let waited = 0; waited < 20_000 && seen !== arrivals.length; waited += 2000) {
      seen = arrivals.length;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const cpu = servers.reduce((n, s) => n + cpuUs(s.pid), 0) - cpuBefore;
    const client = process.cpuUsage(clientBefore);
    log(`  live: ${sentAt.size} of ${opts.replies} replies answered, ${arrivals.length} POST_ADDED events arrived`);
    const expected = opts.replies * acked;
    // Matched after the run: an event may arrive before its mutation's answer (it is announced before it returns).
    // Announcing is at least once (a poll may re-apply a row its writer applied but had not deleted yet): the first
    // arrival of each post at each subscriber counts, and repeats are reported apart.
    const first = new Map<string, number>();
    for (const [subscriber, id, at] of arrivals) {
      const key = `${subscriber}:${id}`;
      if (sentAt.has(id) && !first.has(key)) first.set(key, at);
    }
    const latencies = [...first].map(([key, at]) => at - sentAt.get(key.split(':')[1]!)!);
    const fromTx = [...first].map(([key, at]) => at - txAt.get(key.split(':')[1]!)!);
    const delivered = latencies.length;
    const repeated = arrivals.filter(([, id]) => sentAt.has(id)).length - delivered;
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    const replay = await measureReplay(servers.map((s) => s.graphql), writer, threadSlug, log).catch((error) => {
      log(`  live: replay measurement failed: ${(error as Error).message}`);
      return null;
    });
    return {
      subscribers: acked, processes: servers.length, replies: opts.replies, ratePerS: opts.ratePerS, expected, delivered, repeated,
      p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), fromTxP50Ms: percentile(fromTx, 50), fromTxP99Ms: percentile(fromTx, 99),
      warmups, warmupS, intakeS, intakeCpuUsPerSubscriber, cpuUsPerEvent: delivered > 0 ? cpu / delivered : 0,
      clientCpuUsPerEvent: delivered > 0 ? (client.user + client.system) / delivered : 0, replay,
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

const post = (url: string, token: string, query: string, variables: Record<string, unknown>) => httpRequest(url, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query, variables }),
});

/** A connected graphql-ws client (its connection is not part of what is timed). */
async function connected(url: string): Promise<Client> {
  let ready!: () => void;
  const up = new Promise<void>((resolve) => { ready = resolve; });
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, on: { connected: () => ready() } });
  await up;
  return client;
}

/**
 * The replay cost: subscriptions `after` the position REPLAY_BACK events before the thread's current one, each timed
 * from its subscribe message to its last replayed event; side by side, subscriptions without `after`, timed from
 * subscribe to the first event of a reply posted once they are in place.
 */
async function measureReplay(urls: string[], writer: Writer, threadSlug: string, log: (line: string) => void): Promise<ReplayResult> {
  for (let i = 0; i < REPLAY_BACK + 10; i++) await post(urls[0]!, writer.token, REPLY, { i: { threadSlug, body: `replay bench reply ${i}` } });
  const page = JSON.parse((await post(urls[0]!, writer.token, 'query($s: String!) { thread(slug: $s) { id liveCursor } }', { s: threadSlug })).text);
  const { id, liveCursor } = page.data.thread as { id: string; liveCursor: string };
  const channel = `thread:${fromGlobalId(id)!.rowId}`; // positions name the thread's row
  const after = encodeLiveCursor(channel, decodeLiveCursor(liveCursor, channel) - REPLAY_BACK);
  const clients = await Promise.all(urls.map(connected));
  const firsts: number[] = [];
  const lasts: number[] = [];
  const lives: number[] = [];
  try {
    for (let i = 0; i < REPLAY_SAMPLES; i++) {
      const client = clients[i % clients.length]!;
      await new Promise<void>((resolve, reject) => {
        let seen = 0;
        const start = performance.now();
        const timer = setTimeout(() => reject(new Error(`a replay delivered ${seen} of ${REPLAY_BACK} events in 10 s`)), 10_000);
        const stop = client.subscribe({ query: REPLAY, variables: { s: threadSlug, a: after } }, {
          next: () => {
            seen++;
            if (seen === 1) firsts.push(performance.now() - start);
            if (seen === REPLAY_BACK) {
              lasts.push(performance.now() - start);
              clearTimeout(timer);
              stop();
              resolve();
            }
          },
          error: (error) => reject(new Error(JSON.stringify(error))), complete: () => {},
        });
      });
    }
    for (let i = 0; i < 10; i++) {
      const client = clients[i % clients.length]!;
      let start = 0;
      const arrived = new Promise<void>((resolve) => {
        const stop = client.subscribe({ query: REPLAY, variables: { s: threadSlug } }, {
          next: () => { lives.push(performance.now() - start); stop(); resolve(); }, error: () => resolve(), complete: () => {},
        });
      });
      await new Promise((r) => setTimeout(r, 300)); // in place on its server
      start = performance.now();
      await post(urls[0]!, writer.token, REPLY, { i: { threadSlug, body: `replay bench live ${i}` } });
      await arrived;
    }
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
  const result = {
    samples: lasts.length, events: REPLAY_BACK, firstP50Ms: percentile(firsts, 50), p50Ms: percentile(lasts, 50),
    p99Ms: percentile(lasts, 99), liveP50Ms: percentile(lives, 50),
  };
  log(`  live: replay of ${REPLAY_BACK} events (${result.samples} subscriptions on ${urls.length} processes): first event p50 `
    + `${result.firstP50Ms.toFixed(1)} ms, all ${REPLAY_BACK} p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; `
    + `a live event without after, reply to arrival p50 ${result.liveP50Ms.toFixed(1)} ms`);
  return result;
}
