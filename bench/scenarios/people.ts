// Forum people (issue 15), on the forum with Redis: (1) a rename of a user with 10,000 posts beside a user with 10,
// side by side in alternating rounds: the updateProfile mutation's time (what invalidation costs the writer), the
// stamps it bumped, and the next read of a cached thread page showing that user's posts (checked to show the new
// name); (2) a cached profile page hit beside a thread page hit, in interleaved rounds.
// The two users are bench members of their own (bench-writer-heavy, -light); the scenario removes their posts itself.
import type { Sql } from 'postgres';
import { DUMMY_HASH } from '../../src/auth/password.js';
import { hashToken, newToken } from '../../src/auth/tokens.js';
import { RENDER_VERSION } from '../../src/render/render.js';
import { recountCategories, WRITER_PREFIX } from '../lib/bench-db.js';
import { httpRequest } from '../lib/http.js';
import { load, type LoadResult } from '../lib/load.js';
import { body, JSON_HEADERS, THREAD_PAGE } from '../lib/queries.js';
import { delta, scrape } from '../lib/scrape.js';
import { flushTargetRedis, startServer, TARGETS, type ServerSettings } from '../lib/servers.js';

export interface RenameSide {
  label: string;
  posts: number;
  threads: number;
  /** The updateProfile round trip, as the renaming user waits for it. */
  renameMs: { p50: number; p90: number };
  /** Cache stamps bumped per rename (forum_cache_invalidations_total). */
  stampsPerRename: number;
  /** The first read of a cached thread page showing the user's posts, after the rename. */
  nextReadMs: { p50: number; p90: number };
  /** The same page read again (a hit), for scale. */
  hitMs: { p50: number; p90: number };
  /** Next reads that did not show the new name (must be 0). */
  stale: number;
}

/** Throughput and latency of the median round (the machine is shared: rounds vary). */
export interface PeopleHit { label: string; subject: string; rps: number; p50Ms: number; p99Ms: number; requests: number; errors: number }

export interface PeopleResult { repeats: number; rename: RenameSide[]; hits: PeopleHit[]; rounds: number }

const RENAME = `mutation Rename($name: String!) { updateProfile(input: { displayName: $name }) { id displayName } }`;

/** A member's profile page: the head, counts, newest threads and posts (with their threads). */
export const PROFILE_PAGE = `query Profile($username: String!) {
  user(username: $username) {
    id username displayName avatarUrl bio createdAt threadCount postCount isSuspended
    threads(first: 10) { nodes { id slug title postCount lastActivityAt } }
    posts(first: 20) { pageInfo { hasNextPage endCursor } nodes { id bodyHTML createdAt thread { slug title } reactionCounts { like helpful love } } }
  }
}`.replace(/\s+/g, ' ');

interface BenchUser { id: number; username: string; token: string; slugs: string[] }

/**
 * Removes the users' posts and recounts their threads. Nothing points at these rows (no reply, reaction or report:
 * only this scenario knew them), so the foreign-key checks are skipped: each would scan the posts for replies (that
 * index is partial), and 10,000 deletes would take many minutes instead of a moment.
 */
async function removePosts(sql: Sql, userIds: number[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    const touched = await tx<{ thread_id: number }[]>`delete from posts where author_id = any(${userIds}::int[]) returning thread_id`;
    const ids = [...new Set(touched.map((t) => t.thread_id))];
    if (ids.length === 0) return;
    await tx`update threads t set post_count = (select count(*)::int from posts p where p.thread_id = t.id and p.deleted_at is null)
      where t.id = any(${ids}::int[])`;
    await recountCategories(tx);
  });
}

/** A bench member with `perThread` posts in each of `threads` threads, placed right after each opening post. */
async function userWithPosts(sql: Sql, name: string, threads: number, perThread: number, offset: number): Promise<BenchUser> {
  const username = `${WRITER_PREFIX}${name}`;
  await sql`insert into users (username, display_name, role, password_hash) values (${username}, ${username}, 'MEMBER', ${DUMMY_HASH})
    on conflict do nothing`;
  const [user] = await sql<{ id: number }[]>`select id from users where username = ${username}`;
  const id = user!.id;
  await removePosts(sql, [id]); // a run stopped midway may have left them
  await sql`delete from sessions where user_id = ${id}`;
  const token = newToken();
  await sql`insert into sessions (token_hash, user_id, expires_at) values (${hashToken(token)}, ${id}, now() + interval '1 day')`;
  const picked = await sql<{ id: number; slug: string }[]>`select id, slug from threads where deleted_at is null
    order by id limit ${threads} offset ${offset}`;
  const ids = picked.map((t) => t.id);
  // At the opening post's time, after it by id: the thread page's first 20 posts show them.
  await sql`insert into posts (thread_id, author_id, body, number, body_html, body_text, render_version, created_at)
    select t.id, ${id}, 'Bench reply ' || g, m.top + g, '<p>Bench reply ' || g || '</p>', 'Bench reply ' || g, ${RENDER_VERSION}, m.first
    from threads t
    cross join lateral (select max(number) as top, min(created_at) as first from posts p where p.thread_id = t.id) m
    cross join generate_series(1, ${perThread}::int) g
    where t.id = any(${ids}::int[])`;
  await sql`update threads set post_count = post_count + ${perThread}::int where id = any(${ids}::int[])`;
  await recountCategories(sql);
  return { id, username, token, slugs: picked.map((t) => t.slug) };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const spread = (values: number[]) => ({ p50: quantile(values, 0.5), p90: quantile(values, 0.9) });

async function timed(url: string, text: string, token?: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const answer = await httpRequest(url, { headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: text });
  const ms = performance.now() - started;
  if (answer.status !== 200 || answer.text.includes('"errors"')) throw new Error(`people: ${answer.status} ${answer.text.slice(0, 300)}`);
  return { ms, text: answer.text };
}

export async function measurePeople(
  settings: ServerSettings, sql: Sql, threadPage: { body: string; subject: string },
  options: { repeats: number; connections: number; warmupS: number; roundS: number; rounds: number },
  log: (line: string) => void,
): Promise<PeopleResult> {
  const heavy = await userWithPosts(sql, 'heavy', 500, 20, 1000);
  const light = await userWithPosts(sql, 'light', 10, 1, 2000);
  const sides = [{ label: '10,000 posts', user: heavy, posts: 10_000 }, { label: '10 posts', user: light, posts: 10 }];
  const [prolific] = await sql<{ username: string; n: number }[]>`select u.username, count(*)::int as n from posts p
    join users u on u.id = p.author_id where p.deleted_at is null and u.username not like ${`${WRITER_PREFIX}%`}
    group by u.username order by n desc limit 1`;

  await flushTargetRedis(settings.redisUrl);
  const server = await startServer(TARGETS.find((t) => t.name === 'forum-redis')!, settings);
  try {
    const samples = sides.map(() => ({ rename: [] as number[], next: [] as number[], hit: [] as number[], stamps: 0, stale: 0 }));
    for (let r = 0; r < options.repeats; r++) {
      // Alternating which goes first, so neither always runs on a warmer machine.
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const { user } = sides[i]!;
        const page = body(THREAD_PAGE, { slug: user.slugs[r % user.slugs.length]! });
        await timed(server.graphql, page);
        await timed(server.graphql, page); // cached now
        const name = `Renamed ${user.username.slice(-5)} ${r}`;
        const before = await scrape(server.base);
        const renamed = await timed(server.graphql, JSON.stringify({ query: RENAME, variables: { name } }), user.token);
        const after = await scrape(server.base);
        const next = await timed(server.graphql, page);
        const hit = await timed(server.graphql, page);
        const s = samples[i]!;
        s.rename.push(renamed.ms);
        s.next.push(next.ms);
        s.hit.push(hit.ms);
        s.stamps += delta(before, after, 'forum_cache_invalidations_total');
        if (!next.text.includes(`"displayName":"${name}"`)) s.stale++;
      }
    }
    const rename = sides.map((side, i): RenameSide => {
      const s = samples[i]!;
      return {
        label: side.label, posts: side.posts, threads: side.user.slugs.length, renameMs: spread(s.rename),
        stampsPerRename: s.stamps / options.repeats, nextReadMs: spread(s.next), hitMs: spread(s.hit), stale: s.stale,
      };
    });
    for (const side of rename) {
      log(`  rename, user with ${side.label}: updateProfile p50 ${side.renameMs.p50.toFixed(2)} ms (${side.stampsPerRename} stamps), `
        + `next thread page read p50 ${side.nextReadMs.p50.toFixed(2)} ms, a hit ${side.hitMs.p50.toFixed(2)} ms; ${side.stale} stale`);
    }

    // Cached profile page and thread page, anonymous, in interleaved rounds.
    const profile = { body: JSON.stringify({ query: PROFILE_PAGE, variables: { username: prolific!.username } }),
      subject: `${prolific!.username} (${prolific!.n} posts): head, counts, 10 threads, 20 posts` };
    const pages = [
      { ...threadPage, label: 'thread page hit' },
      { ...profile, label: 'profile page hit' },
    ];
    for (const p of pages) await timed(server.graphql, p.body);
    const runs = pages.map(() => [] as LoadResult[]);
    const rounds = Math.max(5, options.rounds);
    for (let round = 0; round < rounds; round++) {
      for (const [i, p] of pages.entries()) {
        runs[i]!.push(await load({
          title: `${p.label} round ${round + 1}`, url: server.graphql, body: p.body, connections: options.connections,
          durationS: options.roundS, warmupS: round === 0 ? Math.max(1, options.warmupS) : 0,
        }));
      }
    }
    const hits = pages.map((p, i): PeopleHit => {
      const all = runs[i]!;
      const requests = all.reduce((n, x) => n + x.requests, 0);
      return {
        label: p.label, subject: p.subject, requests,
        rps: quantile(all.map((x) => x.rps), 0.5),
        p50Ms: quantile(all.map((x) => x.p50Ms), 0.5), p99Ms: quantile(all.map((x) => x.p99Ms), 0.5),
        errors: all.reduce((n, x) => n + x.errors + x.non2xx, 0),
      };
    });
    return { repeats: options.repeats, rename, hits, rounds };
  } finally {
    await server.stop();
    await removePosts(sql, [heavy.id, light.id]);
  }
}
