// Scenario "scale": how each read path's cost grows with the forum. For every size up to the one asked for (10^4,
// 10^5, 10^6 threads), each in its own database, a CACHE=off server (uncached: every request reaches PostgreSQL) and
// a Redis-backed one (cached) answer each read path, one request at a time. The keys of a path are a Zipf sample
// (as the mixed workload draws them) over all threads, categories, tags or authors; each server first answers the
// sample's distinct requests once (warm-up: PostgreSQL's buffers and the cache hold what that sample touches, and the
// list index builds it started have finished), then the whole sample, measured: p50/p95 latency, SQL statements per request, rows PostgreSQL read from the forum's tables
// per request, and the buffer hit ratio of the measured requests (both database-wide: the idle cached server's
// outbox poll and view flush land in them too). List reads select totalCount.
import type { Sql } from 'postgres';
import { mulberry32 } from '../../src/seed/prng.js';
import { connect, ensureSeeded, rowsMarker } from '../lib/bench-db.js';
import { loadCatalog } from '../lib/catalog.js';
import { flushRedisDb, startServer, TARGETS, type RunningServer } from '../lib/servers.js';
import { REDIS_DB, redisDb, SIZES, SIZE_NAMES, type SizeName } from '../lib/options.js';
import { body, post, THREAD_PAGE } from '../lib/queries.js';
import { delta, scrape } from '../lib/scrape.js';
import { Zipf } from '../lib/zipf.js';

const compact = (document: string) => document.replace(/\s+/g, ' ').trim();
const USER = 'id username displayName avatarUrl';
const LIST = compact(`query List($filter: ThreadFilter, $sort: ThreadSort!, $after: String) {
  threads(filter: $filter, sort: $sort, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id slug title excerpt tags isPinned postCount lastActivityAt author { ${USER} } reactionCounts { like helpful love } }
  }
}`);
const WALK = compact(`query Walk($filter: ThreadFilter, $sort: ThreadSort!, $after: String) {
  threads(filter: $filter, sort: $sort, first: 100, after: $after) { pageInfo { hasNextPage endCursor } }
}`);
const POSTS_AFTER = compact(`query Deep($slug: String!, $after: String) {
  thread(slug: $slug) { id title posts(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id body createdAt author { ${USER} } reactionCounts { like helpful love } } } }
}`);
const POSTS_WALK = compact(`query W($slug: String!, $after: String) { thread(slug: $slug) { posts(first: 100, after: $after) { pageInfo { endCursor } } } }`);
const CATEGORIES = compact(`query Categories { categories { slug name threadCount postCount children { slug name threadCount postCount } } }`);

/** One read path: a label, and the request bodies of its Zipf sample. */
interface ScalePath { key: string; label: string; bodies: string[] }

export interface PathFigures { p50Ms: number; p95Ms: number; statements: number; rowsRead: number; hitRatio: number | null; errors: number }
export interface ScaleRow { size: SizeName; threads: number; posts: number; key: string; label: string; uncached: PathFigures; cached: PathFigures }
export interface ScaleResults { samples: number; rows: ScaleRow[]; deepPostsFound: number[] }

/** The database of a size: the given URL's name with its size suffix replaced (or the suffix added). */
export function databaseForSize(url: string, size: SizeName): string {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1).replace(new RegExp(`_(${SIZE_NAMES.join('|')})$`), '');
  parsed.pathname = `/${name}_${size}`;
  return parsed.toString();
}

const zipfSample = <T>(items: readonly T[], n: number, seed: number): T[] => {
  const zipf = new Zipf(items, 1.0, seed);
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => zipf.sample(random));
};

async function landmarks(sql: Sql) {
  const words = await sql<{ word: string; ndoc: number }[]>`select word, ndoc from ts_stat('select title_tsv from threads') order by ndoc desc, word`;
  const tags = await sql<{ tag: string }[]>`
    select tag from (select unnest(tags) as tag from threads where deleted_at is null) t group by tag order by count(*) desc, tag`;
  const authors = await sql<{ username: string }[]>`
    select u.username from users u join threads t on t.author_id = u.id group by u.username order by count(*) desc, u.username limit 500`;
  const [counts] = await sql<{ threads: number; posts: number }[]>`
    select (select count(*)::int from threads) as threads, (select count(*)::int from posts) as posts`;
  // Words of the titles (the seeded posts use the same vocabulary): the most frequent of at least four letters (a
  // shorter prefix such as "a" matches nearly every post), and the least frequent of at least five.
  const common = words.find((w) => w.word.length >= 4)!.word;
  const rare = words.filter((w) => w.word.length >= 5).at(-1)!.word;
  return {
    common, rare, tags: tags.map((t) => t.tag),
    authors: authors.map((a) => a.username), counts: counts!,
  };
}

/** A cursor n items down a list or a thread's posts, walked 100 at a time (setup, not measured). */
async function walk(graphql: string, query: string, variables: Record<string, unknown>, n: number,
  pageInfo: (data: any) => { hasNextPage?: boolean; endCursor: string | null }): Promise<{ cursor: string | null; walked: number }> {
  let cursor: string | null = null;
  let walked = 0;
  while (walked < n) {
    const response = await post(graphql, body(query, { ...variables, after: cursor }));
    if (response.json.errors) throw new Error(`scale: walking a list: ${response.text.slice(0, 300)}`);
    const info = pageInfo(response.json.data);
    if (!info.endCursor) break;
    cursor = info.endCursor;
    walked += 100;
    if (info.hasNextPage === false) break;
  }
  return { cursor, walked };
}

async function paths(sql: Sql, graphql: string, samples: number): Promise<{ paths: ScalePath[]; deepPosts: number }> {
  const catalog = await loadCatalog(sql);
  const at = await landmarks(sql);
  const list = (filter: Record<string, unknown>, sort = 'LAST_ACTIVITY', after: string | null = null) => body(LIST, { filter, sort, after });
  const threads = zipfSample(catalog.threads.map((t) => t.slug), samples, 11);
  const categories = zipfSample(catalog.categories.map((c) => c.slug), samples, 12);
  const tags = zipfSample(at.tags, samples, 13);
  const authors = zipfSample(at.authors, samples, 14);
  const long = [...catalog.threads].sort((a, b) => b.postCount - a.postCount)[0]!;
  const deepPosts = await walk(graphql, POSTS_WALK, { slug: long.slug }, Math.min(1000, long.postCount - 20),
    (d) => d.thread.posts.pageInfo);
  const deepList = await walk(graphql, WALK, { filter: {}, sort: 'LAST_ACTIVITY' }, 10_000, (d) => d.threads.pageInfo);
  const repeat = (text: string) => Array.from({ length: samples }, () => text);
  return {
    deepPosts: deepPosts.walked,
    paths: [
      { key: 'thread', label: 'thread page (first 20 posts)', bodies: threads.map((slug) => body(THREAD_PAGE, { slug })) },
      { key: 'thread-deep', label: `thread page ${deepPosts.walked} posts deep (${long.postCount}-post thread)`,
        bodies: repeat(body(POSTS_AFTER, { slug: long.slug, after: deepPosts.cursor })) },
      ...['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'].map((sort) =>
        ({ key: `list-${sort}`, label: `list, all threads, ${sort}`, bodies: repeat(list({}, sort)) })),
      { key: 'list-category', label: 'list, one category (Zipf)', bodies: categories.map((c) => list({ categorySlug: c })) },
      { key: 'list-tag', label: 'list, one tag (Zipf)', bodies: tags.map((t) => list({ tags: [t] })) },
      { key: 'list-author', label: 'list, one author (Zipf)', bodies: authors.map((a) => list({ authorUsername: a })) },
      { key: 'search-rare', label: `search, rare word "${at.rare}"`, bodies: repeat(list({ search: at.rare })) },
      { key: 'search-common', label: `search, common word "${at.common}"`, bodies: repeat(list({ search: at.common })) },
      { key: 'search-relevance', label: `search "${at.common}", RELEVANCE`, bodies: repeat(list({ search: at.common }, 'RELEVANCE')) },
      { key: 'search-category', label: `search "${at.common}" in one category (Zipf)`,
        bodies: categories.map((c) => list({ search: at.common, categorySlug: c })) },
      { key: 'list-deep', label: `list page after the ${deepList.walked.toLocaleString('en-US')}th thread (cursor)`,
        bodies: repeat(list({}, 'LAST_ACTIVITY', deepList.cursor)) },
      { key: 'categories', label: 'categories with counts', bodies: repeat(body(CATEGORIES)) },
    ],
  };
}

interface DbStats { rows: number; hit: number; read: number }
/**
 * Rows read from the forum's tables (sequential scans' rows and index scans' fetched rows) and their buffer pages
 * found in PostgreSQL's cache or read, summed over the user tables: catalog reads of new connections stay out.
 */
async function dbStats(sql: Sql): Promise<DbStats> {
  const [row] = await sql<{ rows: string; hit: string; read: string }[]>`
    select (select coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) from pg_stat_user_tables) as rows,
      coalesce(sum(heap_blks_hit + coalesce(idx_blks_hit, 0)), 0) as hit,
      coalesce(sum(heap_blks_read + coalesce(idx_blks_read, 0)), 0) as read
    from pg_statio_user_tables`;
  return { rows: Number(row!.rows), hit: Number(row!.hit), read: Number(row!.read) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (up to 5 minutes) until the server has no list index build under way or queued: the warm-up's reads start
 * them, and a long-running server has them built (at 10^6 threads a build takes tens of seconds, and until it is done
 * the cached server answers lists and counts from the database).
 */
async function indexBuildsDone(server: RunningServer): Promise<void> {
  const until = Date.now() + 5 * 60_000;
  while (Date.now() < until && ((await scrape(server.base)).get('forum_list_index_builds') ?? 0) > 0) await sleep(500);
}

async function measure(server: RunningServer, sql: Sql, bodies: string[]): Promise<PathFigures> {
  let errors = 0;
  const send = async (text: string) => {
    const response = await post(server.graphql, text);
    if (response.status !== 200 || response.json.errors) errors++;
  };
  for (const text of new Set(bodies)) await send(text); // warm-up: each request of the sample once
  await indexBuildsDone(server);
  await sleep(1100); // PostgreSQL's backends report their statistics at most once a second
  const [metricsBefore, statsBefore] = await Promise.all([scrape(server.base), dbStats(sql)]);
  errors = 0;
  const times: number[] = [];
  for (const text of bodies) {
    const started = performance.now();
    await send(text);
    times.push(performance.now() - started);
  }
  await sleep(1100);
  const [metricsAfter, statsAfter] = await Promise.all([scrape(server.base), dbStats(sql)]);
  times.sort((a, b) => a - b);
  const hit = statsAfter.hit - statsBefore.hit;
  const read = statsAfter.read - statsBefore.read;
  return {
    p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95),
    statements: delta(metricsBefore, metricsAfter, 'forum_db_queries_total') / bodies.length,
    rowsRead: (statsAfter.rows - statsBefore.rows) / bodies.length,
    hitRatio: hit + read === 0 ? null : hit / (hit + read),
    errors,
  };
}

export async function measureScale(
  options: { databaseUrl: string; redisUrl: string; size: SizeName; samples: number }, log: (line: string) => void,
): Promise<ScaleResults> {
  const sizes = SIZE_NAMES.slice(0, SIZE_NAMES.indexOf(options.size) + 1);
  const results: ScaleResults = { samples: options.samples, rows: [], deepPostsFound: [] };
  for (const size of sizes) {
    const url = databaseForSize(options.databaseUrl, size);
    log(`  scale: ${size} (${SIZES[size].threads.toLocaleString('en-US')} threads) in ${new URL(url).pathname.slice(1)}`);
    // Reused while the generated rows are the same: a new migration is applied by the servers at start, as in
    // production (a 10^6 seed takes most of an hour; the scenario only reads, so nothing needs restoring).
    const action = await ensureSeeded(url, SIZES[size], rowsMarker(SIZES[size]));
    log(`  scale: ${action === 'reused' ? 'reusing the seeded data' : 'seeded'}`);
    await flushRedisDb(redisDb(options.redisUrl, REDIS_DB.forum));
    const settings = { databaseUrl: url, redisUrl: options.redisUrl };
    const [off, cached] = await Promise.all([
      startServer(TARGETS.find((t) => t.name === 'cache-off')!, settings),
      startServer(TARGETS.find((t) => t.name === 'forum-redis')!, settings),
    ]);
    const sql = connect(url);
    try {
      const at = await landmarks(sql);
      const { paths: all, deepPosts } = await paths(sql, off.graphql, options.samples);
      results.deepPostsFound.push(deepPosts);
      for (const path of all) {
        const uncached = await measure(off, sql, path.bodies);
        const hot = await measure(cached, sql, path.bodies);
        const row = { size, threads: at.counts.threads, posts: at.counts.posts, key: path.key, label: path.label, uncached, cached: hot };
        results.rows.push(row);
        log(`  scale ${size}: ${path.label}: uncached p50 ${uncached.p50Ms.toFixed(1)} / p95 ${uncached.p95Ms.toFixed(1)} ms, `
          + `${uncached.statements.toFixed(1)} statements, ${Math.round(uncached.rowsRead)} rows; cached p95 ${hot.p95Ms.toFixed(1)} ms`
          + `${uncached.errors + hot.errors > 0 ? `; ${uncached.errors + hot.errors} ERRORS` : ''}`);
      }
    } finally {
      await sql.end();
      await Promise.all([off.stop(), cached.stop()]);
    }
  }
  return results;
}
