// The thread list: filters, the sorts with pinned threads first, and keyset pagination. A search is index probes
// (search-matches.ts) joined to threads by id, or for a sorted page a walk of the sort's index bounded per row of
// the page; never a scan of all threads with a test per thread.
import { and, arrayContains, asc, desc, eq, isNotNull, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, threads, users, type ThreadRow } from '../db/schema.js';
import { isCursorTime } from '../model/cursor-time.js';
import { threadRow } from './read-columns.js';
import { searchMatches, SEARCH_WALK_PER_ROW, threadMatches } from './search-matches.js';

export { wordQueries } from './search-matches.js';
import { canName } from './text-keys.js';

export type ThreadSortName = 'LAST_ACTIVITY' | 'NEWEST' | 'OLDEST' | 'MOST_POSTS' | 'MOST_VIEWED' | 'RELEVANCE';

/** Filters already normalized (see cache/keys.ts): search words, lower-case tags, username. */
export interface ListFilter {
  categorySlug?: string;
  searchWords?: string[];
  tags?: string[];
  authorUsername?: string;
  /** true: threads with an accepted answer; false: those without. */
  answered?: boolean;
}

/** A row's position in the ordering: the values of the sort columns, in order. */
export type ListPosition = (boolean | number | string)[];

interface SortColumn { column: SQLWrapper; dir: 'asc' | 'desc'; kind: 'bool' | 'int' | 'time' }

const pinned: SortColumn = { column: threads.isPinned, dir: 'desc', kind: 'bool' };
const newest: SortColumn = { column: threads.createdAt, dir: 'desc', kind: 'time' };
const byId: SortColumn = { column: threads.id, dir: 'desc', kind: 'int' };

/** A search's score column (search-matches.ts); only RELEVANCE orders by it, and only with a search. */
const relevance: SortColumn = { column: sql.raw('"m"."score"'), dir: 'desc', kind: 'int' };

const SORTS: Record<ThreadSortName, SortColumn[]> = {
  NEWEST: [pinned, newest, byId],
  OLDEST: [pinned, { column: threads.createdAt, dir: 'asc', kind: 'time' }, byId],
  LAST_ACTIVITY: [pinned, { column: threads.lastActivityAt, dir: 'desc', kind: 'time' }, newest, byId],
  MOST_POSTS: [pinned, { column: threads.postCount, dir: 'desc', kind: 'int' }, newest, byId],
  MOST_VIEWED: [pinned, { column: threads.viewCount, dir: 'desc', kind: 'int' }, newest, byId],
  RELEVANCE: [pinned, relevance, newest, byId],
};

/** A listed row: the thread, and its search score when the list is a search. */
export type ListedRow = ThreadRow & { score?: number };

/** The position of a row in a sort, for its cursor (only this sort's values: a list miss computes one per row). */
export function positionOf(row: ListedRow, sort: ThreadSortName): ListPosition {
  const created = row.createdAt.toISOString();
  switch (sort) {
    case 'NEWEST':
    case 'OLDEST': return [row.isPinned, created, row.id];
    case 'LAST_ACTIVITY': return [row.isPinned, row.lastActivityAt.toISOString(), created, row.id];
    case 'MOST_POSTS': return [row.isPinned, row.postCount, created, row.id];
    case 'MOST_VIEWED': return [row.isPinned, row.viewCount, created, row.id];
    case 'RELEVANCE': return [row.isPinned, row.score ?? 0, created, row.id];
  }
}

/** Whether a decoded cursor position has the shape this sort needs (cursors come from clients). */
export function isValidPosition(sort: ThreadSortName, position: unknown): position is ListPosition {
  const cols = SORTS[sort];
  if (!Array.isArray(position) || position.length !== cols.length) return false;
  return cols.every((col, i) => {
    const v = position[i];
    if (col.kind === 'bool') return typeof v === 'boolean';
    if (col.kind === 'int') return Number.isSafeInteger(v) && Math.abs(v as number) <= 2_147_483_647;
    return isCursorTime(v);
  });
}

function literal(col: SortColumn, value: boolean | number | string): SQL {
  if (col.kind === 'time') return sql`${value}::timestamptz`;
  if (col.kind === 'bool') return sql`${value}::boolean`;
  return sql`${value}::int`;
}

/**
 * Rows strictly after the position, as a condition PostgreSQL can start an index scan at (the page after the 10,000th
 * thread must not read the 10,000 before it). Columns all in one direction: a row comparison, `(a, b, c) < (x, y, z)`,
 * which is the ordering itself and an index bound. Mixed directions (OLDEST): column by column, `(a > x) or (a = x and
 * ...)`, each level led by the bound `a >= x` that the OR alone would hide from the planner; a boolean at the last
 * value of its order (false, descending) is an equality, so the next column bounds the scan too.
 */
function after(cols: SortColumn[], position: ListPosition, i = 0): SQL {
  const rest = cols.slice(i);
  if (rest.every((c) => c.dir === rest[0]!.dir)) {
    const columns = sql.join(rest.map((c) => sql`${c.column}`), sql`, `);
    const values = sql.join(rest.map((c, j) => literal(c, position[i + j]!)), sql`, `);
    return rest[0]!.dir === 'desc' ? sql`(${columns}) < (${values})` : sql`(${columns}) > (${values})`;
  }
  const col = cols[i]!;
  const value = literal(col, position[i]!);
  if (col.kind === 'bool' && position[i] === (col.dir === 'asc')) return sql`${col.column} = ${value} and ${after(cols, position, i + 1)}`;
  const [bound, beyond] = col.dir === 'desc'
    ? [sql`${col.column} <= ${value}`, sql`${col.column} < ${value}`]
    : [sql`${col.column} >= ${value}`, sql`${col.column} > ${value}`];
  return sql`(${bound} and (${beyond} or (${col.column} = ${value} and ${after(cols, position, i + 1)})))`;
}

function filterConditions(filter: ListFilter): (SQL | undefined)[] {
  // A category or author no row can have: the list is empty (and the key must not reach PostgreSQL).
  if ([filter.categorySlug, filter.authorUsername].some((key) => key !== undefined && !canName(key))) return [sql`false`];
  const conditions: (SQL | undefined)[] = [isNull(threads.deletedAt)];
  if (filter.categorySlug !== undefined) {
    conditions.push(eq(threads.categoryId,
      sql`(select ${categories.id} from ${categories} where ${categories.slug} = ${filter.categorySlug})`));
  }
  if (filter.authorUsername !== undefined) {
    conditions.push(eq(threads.authorId,
      sql`(select ${users.id} from ${users} where lower(${users.username}) = lower(${filter.authorUsername}))`));
  }
  if (filter.tags && filter.tags.length > 0) {
    conditions.push(arrayContains(threads.tags, filter.tags));
  }
  if (filter.answered !== undefined) {
    conditions.push(filter.answered ? isNotNull(threads.answerPostId) : isNull(threads.answerPostId));
  }
  return conditions;
}

export interface ListPage { rows: ListedRow[]; hasNextPage: boolean }

/** How a sorted search is run: threads it may walk per row of the page before collecting every match (tests force a path). */
export interface SearchPlan { walkPerRow: number }

/**
 * A page of the list. A search sorted by RELEVANCE collects every match (search-matches.ts: GIN probes, scored).
 * Other sorts first walk the list in its order, at most `walkPerRow` threads per row asked for, testing each (threadMatches) and
 * stopping once the page and one more are found: cheap when the words are common. When the walk does not fill the
 * page (the words are rare among those threads, or the list ends) the probes answer. Both select the same rows in
 * the same order, so a page is the same whichever answered it, and so are its cursors.
 */
export async function findThreadPage(
  db: Db, filter: ListFilter, sort: ThreadSortName, first: number, afterPosition: ListPosition | null,
  plan: SearchPlan = { walkPerRow: SEARCH_WALK_PER_ROW },
): Promise<ListPage> {
  const cols = SORTS[sort];
  const conditions = filterConditions(filter);
  if (afterPosition) conditions.push(after(cols, afterPosition));
  const order = cols.map((c) => (c.dir === 'desc' ? desc(c.column as never) : asc(c.column as never)));
  const words = filter.searchWords ?? [];
  const matches = searchMatches(words);
  if (sort === 'RELEVANCE' && !matches) throw new Error('RELEVANCE needs a search (the reader refuses it without one)');
  if (!matches) {
    const rows = await db.select(threadRow).from(threads).where(and(...conditions)).orderBy(...order).limit(first + 1);
    return pageOf(rows, first);
  }
  if (sort !== 'RELEVANCE' && plan.walkPerRow > 0) {
    const limit = plan.walkPerRow * (first + 1);
    // The window of the walk keeps the table's name, so the sort columns and threadMatches read it as `threads`.
    const listed = db.select().from(threads).where(and(...conditions)).orderBy(...order);
    const window = (Number.isFinite(limit) ? listed.limit(limit) : listed).as('threads');
    const rows = await db.select(threadRow).from(window).where(threadMatches(words)!).orderBy(...order).limit(first + 1);
    if (rows.length > first || !Number.isFinite(limit)) return pageOf(rows, first);
  }
  const rows = await db.select({ ...threadRow, score: sql<number>`"m"."score"` }).from(threads)
    .innerJoin(matches, sql`"m"."thread_id" = ${threads.id}`)
    .where(and(...conditions)).orderBy(...order).limit(first + 1);
  return pageOf(rows, first);
}

const pageOf = (rows: ListedRow[], first: number): ListPage => ({ rows: rows.slice(0, first), hasNextPage: rows.length > first });

/**
 * How many live threads the filter selects. A category's or all threads' count is read from the counts kept in the
 * category rows (one row, or a sum over the categories: no scan of threads). Other filters count by index, so the
 * cost grows with the matches. With the cache on, a category's or all threads' count comes from the maintained list
 * indexes before it gets here (src/read/forum-reader.ts); this is the path of CACHE=off and of an index not yet built.
 */
export async function countThreads(db: Db, filter: ListFilter): Promise<number> {
  const matches = searchMatches(filter.searchWords ?? []);
  const byCategory = !matches && !(filter.tags && filter.tags.length > 0) && filter.authorUsername === undefined
    && filter.answered === undefined;
  if (byCategory) {
    if (filter.categorySlug !== undefined && !canName(filter.categorySlug)) return 0;
    const kept = db.select({ n: sql<number>`coalesce(sum(${categories.threadCount}), 0)::int` }).from(categories);
    const rows = filter.categorySlug === undefined ? await kept : await kept.where(eq(categories.slug, filter.categorySlug));
    return rows[0]?.n ?? 0;
  }
  const count = db.select({ n: sql<number>`count(*)::int` }).from(threads);
  const rows = matches
    ? await count.innerJoin(matches, sql`"m"."thread_id" = ${threads.id}`).where(and(...filterConditions(filter)))
    : await count.where(and(...filterConditions(filter)));
  return rows[0]?.n ?? 0;
}
