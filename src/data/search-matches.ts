// What a search matches, as index probes: for each word, the threads whose title has it (GIN on title_tsv) and the
// threads of the live posts that have it (GIN on body_tsv, partial on live posts), reduced to thread ids with a
// score. The list query joins this to threads by primary key; the cost grows with the matches, not with the forum.
import { sql, type SQL } from 'drizzle-orm';

/**
 * Each search word's lexeme prefixes as a tsquery text: "yellow leav" → ['yellow':*, 'leav':*]. A word made of
 * several lexemes ("so-called") needs all of them, as PostgreSQL's parser splits the text it indexes.
 */
export function wordQueries(words: readonly string[]): string[] {
  return words
    .map((word) => (word.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((t) => `'${t}':*`).join(' & '))
    .filter((q) => q.length > 0);
}

/** Points of a word in a thread: this many when its title has it, plus one per live post that has it, up to this. */
export const TITLE_POINTS = 10;
export const MAX_POST_POINTS = 10;

/**
 * The derived table `m(thread_id, score)` of the threads every word matches (in the title or in a live post), or
 * null when no word has a letter or digit (no search: such words are ignored, as they always were).
 *
 * score: for each word, TITLE_POINTS when the title has it plus one point per live post that has it (at most
 * MAX_POST_POINTS), summed over the words. RELEVANCE orders by it.
 */
export function searchMatches(words: readonly string[]): SQL | null {
  const queries = wordQueries(words);
  if (queries.length === 0) return null;
  const probes = queries.map((query, k) => sql`
    select id as thread_id, ${sql.raw(String(k))} as k, 1 as t, 0 as p from threads
      where title_tsv @@ to_tsquery('simple', ${query})
    union all
    select thread_id, ${sql.raw(String(k))}, 0, 1 from posts
      where deleted_at is null and body_tsv @@ to_tsquery('simple', ${query})`);
  return sql`(
    select thread_id, sum(points)::int as score from (
      select thread_id, k, max(t) * ${sql.raw(String(TITLE_POINTS))} + least(sum(p), ${sql.raw(String(MAX_POST_POINTS))}) as points
      from (${sql.join(probes, sql` union all `)}) probe
      group by thread_id, k
    ) per_word
    group by thread_id
    having count(*) = ${sql.raw(String(queries.length))}
  ) m`;
}

/**
 * The same match as searchMatches, tested on one thread of the outer query (`threads`): every word in its title or
 * in one of its live posts (probed through posts(thread_id, ...), stopping at the first post that has it). A sorted
 * list walks its sort's index with this test and stops at the page's end, which is cheap when matches are common.
 * `offset 0` keeps the probe per thread: without it PostgreSQL may turn the EXISTS into a hashed subplan that reads
 * every matching post first (the cost this path avoids).
 */
export function threadMatches(words: readonly string[]): SQL | null {
  const queries = wordQueries(words);
  if (queries.length === 0) return null;
  return sql.join(queries.map((query) => sql`("threads"."title_tsv" @@ to_tsquery('simple', ${query})
    or exists (select 1 from posts p where p.thread_id = "threads"."id" and p.deleted_at is null
      and p.body_tsv @@ to_tsquery('simple', ${query}) offset 0))`), sql` and `);
}

/**
 * How many threads of a sorted list a search walks per row of the page (testing each with threadMatches) before it
 * gives up and collects every match instead: a page found within them costs at most this many tests per row,
 * whatever the forum's size; words in fewer than about one in ten of the threads walked take the probes, which are
 * cheap for such words. (A word in no thread: 210 threads walked for a page of 20, 8 ms at 10^5 threads, measured.)
 */
export const SEARCH_WALK_PER_ROW = 10;
