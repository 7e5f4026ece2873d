// Reading a long thread (issue 16), two comparisons, each side by side in one run:
// (1) CACHE=off, a thread of 10,000 posts: its last page (posts(last: 20), how a reader opens at the newest posts)
//     beside its first page: SQL statements per page and latency in interleaved rounds;
// (2) on Redis with the response fast path off (RESPONSE_FAST_PATH=off), the same thread page (with its viewer
//     fields) as a hit, signed in beside anonymous, both through Apollo over the cached entries; and the anonymous hit
//     with the fast path on (a second server), for scale. The machine is shared, so the signed-in ratio is the median
//     of the ratios within each round (the two sides run one after the other, in alternating order), and each side's
//     server CPU per request (from /proc, PostgreSQL's and Redis's work not included) is reported beside it.
// The 10,000 posts belong to a bench member of their own (bench-writer-long); the scenario removes them itself.
import type { Sql } from 'postgres';
import { DUMMY_HASH } from '../../src/auth/password.js';
import { hashToken, newToken } from '../../src/auth/tokens.js';
import { RENDER_VERSION } from '../../src/render/render.js';
import { recountCategories, WRITER_PREFIX } from '../lib/bench-db.js';
import { httpRequest } from '../lib/http.js';
import { load, type LoadResult } from '../lib/load.js';
import { body, JSON_HEADERS } from '../lib/queries.js';
import { cpuUs } from '../lib/cpu.js';
import { delta, scrape } from '../lib/scrape.js';
import { flushTargetRedis, startServer, TARGETS, type RunningServer, type ServerSettings } from '../lib/servers.js';

export const LONG_POSTS = 10_000;

const USER = 'id username displayName avatarUrl';
const PAGE = (args: string) => `query LongThread($slug: String!) { thread(slug: $slug) { id slug title postCount
  viewerUnreadCount viewerLastReadPostNumber answer { id number }
  posts(${args}) { totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    nodes { id number body createdAt editedAt isAnswer replyCount replyTo { id number } author { ${USER} }
      reactionCounts { like helpful love } viewerReactions } } } }`.replace(/\s+/g, ' ');
export const LAST_PAGE = PAGE('last: 20');
export const FIRST_PAGE = PAGE('first: 20');

/** Median-round throughput and latency (the machine is shared: rounds vary). */
export interface ReadingSide {
  label: string; statements: number; rps: number; p50Ms: number; p99Ms: number; requests: number; errors: number;
  /** The server's CPU time over the requests of every round (its own process only). */
  cpuMsPerRequest: number;
  /** req/s of each round, in round order. */
  roundRps: number[];
}
export interface ReadingResult {
  posts: number;
  /** Rounds of the CACHE=off pages, and of the hits. */
  rounds: number;
  hitRounds: number;
  /** CACHE=off: the last page and the first page of the 10,000-post thread. */
  pages: ReadingSide[];
  /** Redis, fast path off: signed in, anonymous; then anonymous with the fast path on. */
  hits: ReadingSide[];
  /** Signed-in req/s over anonymous req/s, both with the fast path off: the median of the rounds' ratios (goal: 2/3). */
  signedInRatio: number;
  /** Anonymous over signed-in server CPU per request, fast path off: the ratio the server's own CPU allows. */
  signedInCpuRatio: number;
}

interface LongThread { userId: number; token: string; slug: string; threadId: number }

/** Removes the member's posts (nothing points at them: only this scenario knew them; see people.ts) and recounts. */
async function removePosts(sql: Sql, userId: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    const touched = await tx<{ thread_id: number }[]>`delete from posts where author_id = ${userId} returning thread_id`;
    const ids = [...new Set(touched.map((t) => t.thread_id))];
    if (ids.length === 0) return;
    await tx`update threads t set post_count = (select count(*)::int from posts p where p.thread_id = t.id and p.deleted_at is null)
      where t.id = any(${ids}::int[])`;
    await recountCategories(tx);
  });
}

/** A thread of the seed grown to 10,000 posts (after its own, a millisecond apart), and a session of the member. */
async function longThread(sql: Sql): Promise<LongThread> {
  const username = `${WRITER_PREFIX}long`;
  await sql`insert into users (username, display_name, role, password_hash) values (${username}, ${username}, 'MEMBER', ${DUMMY_HASH})
    on conflict do nothing`;
  const [user] = await sql<{ id: number }[]>`select id from users where username = ${username}`;
  const userId = user!.id;
  await removePosts(sql, userId); // a run stopped midway may have left them
  await sql`delete from sessions where user_id = ${userId}`;
  const token = newToken();
  await sql`insert into sessions (token_hash, user_id, expires_at) values (${hashToken(token)}, ${userId}, now() + interval '1 day')`;
  const [thread] = await sql<{ id: number; slug: string; post_count: number }[]>`select id, slug, post_count from threads
    where deleted_at is null order by id limit 1 offset 500`;
  const adding = LONG_POSTS - thread!.post_count;
  await sql`insert into posts (thread_id, author_id, body, number, body_html, body_text, render_version, created_at)
    select ${thread!.id}, ${userId}, 'Long thread reply ' || g, m.top + g, '<p>Long thread reply ' || g || '</p>',
      'Long thread reply ' || g, ${RENDER_VERSION}, m.latest + g * interval '1 millisecond'
    from (select max(number) as top, max(created_at) as latest from posts where thread_id = ${thread!.id}) m
    cross join generate_series(1, ${adding}::int) g`;
  await sql`update threads set post_count = post_count + ${adding}::int where id = ${thread!.id}`;
  await recountCategories(sql);
  return { userId, token, slug: thread!.slug, threadId: thread!.id };
}

async function ask(server: RunningServer, text: string, token?: string): Promise<any> {
  const answer = await httpRequest(server.graphql, { headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: text });
  const json = JSON.parse(answer.text);
  if (answer.status !== 200 || json.errors) throw new Error(`reading: ${answer.status} ${answer.text.slice(0, 300)}`);
  return json.data;
}

/** The fewest statements over three tries (a view-count flush can land inside one). */
async function statements(server: RunningServer, text: string, token?: string): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = await scrape(server.base);
    await ask(server, text, token);
    best = Math.min(best, delta(before, await scrape(server.base), 'forum_db_queries_total'));
  }
  return best;
}

/** Rounds of the hit comparison: more than the pages', since its figure is a ratio of two sides on a shared machine. */
const HIT_ROUNDS = 9;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Side { label: string; server: RunningServer; body: string; token?: string }

/** Interleaved rounds: each side once per round, in reverse order every other round; the median round's figures. */
async function rounds(sides: Side[], options: { connections: number; warmupS: number; roundS: number; rounds: number }): Promise<ReadingSide[]> {
  const counts: number[] = [];
  for (const side of sides) counts.push(await statements(side.server, side.body, side.token));
  const runs = sides.map(() => [] as LoadResult[]);
  const cpu = sides.map(() => 0);
  for (let round = 0; round < options.rounds; round++) {
    const order = [...sides.keys()];
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const side = sides[i]!;
      const warmupS = round === 0 ? Math.max(1, options.warmupS) : 0;
      if (warmupS > 0) {
        await load({
          title: `${side.label} warm-up`, url: side.server.graphql, body: side.body, connections: options.connections,
          durationS: warmupS, warmupS: 0, headers: side.token ? { authorization: `Bearer ${side.token}` } : undefined,
        });
      }
      const before = cpuUs(side.server.pid);
      runs[i]!.push(await load({
        title: `${side.label} round ${round + 1}`, url: side.server.graphql, body: side.body, connections: options.connections,
        durationS: options.roundS, warmupS: 0,
        headers: side.token ? { authorization: `Bearer ${side.token}` } : undefined,
      }));
      cpu[i]! += cpuUs(side.server.pid) - before;
    }
  }
  return sides.map((side, i) => {
    const all = runs[i]!;
    const requests = all.reduce((n, x) => n + x.requests, 0);
    return {
      label: side.label, statements: counts[i]!, rps: median(all.map((x) => x.rps)), p50Ms: median(all.map((x) => x.p50Ms)), p99Ms: median(all.map((x) => x.p99Ms)),
      requests, errors: all.reduce((n, x) => n + x.errors + x.non2xx, 0),
      cpuMsPerRequest: requests > 0 ? cpu[i]! / 1000 / requests : 0, roundRps: all.map((x) => x.rps),
    };
  });
}

export async function measureReading(
  settings: ServerSettings, sql: Sql,
  options: { connections: number; warmupS: number; roundS: number; rounds: number },
  log: (line: string) => void,
): Promise<ReadingResult> {
  const long = await longThread(sql);
  const target = (name: string) => TARGETS.find((t) => t.name === name)!;
  const started: RunningServer[] = [];
  try {
    // (1) CACHE=off: last page beside first page.
    const off = await startServer(target('cache-off'), { ...settings, logName: 'reading-cache-off' });
    started.push(off);
    const last = body(LAST_PAGE, { slug: long.slug });
    const first = body(FIRST_PAGE, { slug: long.slug });
    const lastData = await ask(off, last);
    const firstData = await ask(off, first);
    const numbers = (d: any) => d.thread.posts.nodes.map((p: any) => p.number as number);
    if (lastData.thread.posts.totalCount !== LONG_POSTS || numbers(lastData).length !== 20 || numbers(firstData)[0] !== 1
      || Math.max(...numbers(lastData)) <= Math.max(...numbers(firstData))) {
      throw new Error(`reading: unexpected pages: last ${numbers(lastData)}, first ${numbers(firstData)}`);
    }
    const pages = await rounds([
      { label: 'last page (posts(last: 20))', server: off, body: last },
      { label: 'first page (posts(first: 20))', server: off, body: first },
    ], { ...options, rounds: Math.max(5, options.rounds) });
    for (const p of pages) log(`  CACHE=off, ${p.label}: ${p.statements} statements, ${Math.round(p.rps)} req/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms`);
    await off.stop();
    started.splice(started.indexOf(off), 1);

    // (2) Redis: signed in beside anonymous with the fast path off; anonymous with it on.
    await flushTargetRedis(settings.redisUrl);
    const noFast = await startServer(target('forum-redis'), { ...settings, env: { RESPONSE_FAST_PATH: 'off' }, logName: 'reading-no-fast-path' });
    started.push(noFast);
    const fast = await startServer(target('forum-redis'), { ...settings, logName: 'reading-fast-path' });
    started.push(fast);
    await ask(noFast, JSON.stringify({ query: `mutation($s: String!) { markThreadRead(slug: $s, upToPostNumber: 9000) { id } }`, variables: { s: long.slug } }), long.token);
    const signedIn = await ask(noFast, last, long.token);
    if (signedIn.thread.viewerLastReadPostNumber === null) throw new Error('reading: the signed-in page shows no read mark');
    const anonymous = await ask(noFast, last);
    if (anonymous.thread.viewerLastReadPostNumber !== null) throw new Error('reading: the anonymous page shows a read mark');
    await ask(fast, last);
    await ask(fast, last); // stored now
    const hits = await rounds([
      { label: 'signed in, fast path off', server: noFast, body: last, token: long.token },
      { label: 'anonymous, fast path off', server: noFast, body: last },
      { label: 'anonymous, fast path on', server: fast, body: last },
    ], { ...options, rounds: HIT_ROUNDS });
    for (const h of hits) {
      log(`  thread page hit, ${h.label}: ${h.statements} statements, ${Math.round(h.rps)} req/s, p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms, `
        + `${h.cpuMsPerRequest.toFixed(3)} ms of server CPU a request`);
    }
    const signedInRatio = median(hits[0]!.roundRps.map((rps, i) => rps / hits[1]!.roundRps[i]!));
    const signedInCpuRatio = hits[1]!.cpuMsPerRequest / hits[0]!.cpuMsPerRequest;
    log(`  signed in / anonymous (fast path off): ${signedInRatio.toFixed(2)} req/s, median of the rounds' ratios (goal: at least 0.67); `
      + `by server CPU per request ${signedInCpuRatio.toFixed(2)}`);
    return { posts: LONG_POSTS, rounds: Math.max(5, options.rounds), hitRounds: HIT_ROUNDS, pages, hits, signedInRatio, signedInCpuRatio };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await removePosts(sql, long.userId);
  }
}
