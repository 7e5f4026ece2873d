// Thread lists maintained on write: for each bucket (one category, or all categories) an ordered index per sort,
// updated after commit from each change's thread state (src/cache/invalidation.ts) instead of being re-stamped. This
// file holds the pure parts: which lists are maintained, and the member strings whose byte order is the list order.
// Pure: unit-tested in test/unit/list-index.test.ts.
import type { ListPosition } from '../data/thread-list.query.js';
import type { ListedThread } from './changes.js';
import type { NormalizedListArgs } from './keys.js';

/** The sorts an index keeps, in member order. MOST_VIEWED changes with every view: it stays stamp-based. */
export const INDEXED_SORTS = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS'] as const;
export type IndexedSort = (typeof INDEXED_SORTS)[number];

/** The bucket of lists across every category. Category slugs are a-z 0-9 and dashes, so none can be `*`. */
export const ALL_BUCKET = '*';

/** A maintained list: filtered by category at most, in an indexed sort. Search, tags, author and answered stay stamp-based. */
export function indexedList(args: NormalizedListArgs): { bucket: string; sort: number } | null {
  const { filter } = args;
  if (filter.searchWords || filter.tags || filter.authorUsername !== undefined || filter.answered !== undefined) return null;
  const sort = (INDEXED_SORTS as readonly string[]).indexOf(args.sort);
  if (sort < 0) return null;
  return { bucket: filter.categorySlug ?? ALL_BUCKET, sort };
}

const MAX_MS = 9_999_999_999_999;
const MAX_INT = 9_999_999_999;
const clamp = (n: number, max: number) => Math.min(Math.max(Math.trunc(n), 0), max);
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const up = (ms: number) => pad(clamp(ms, MAX_MS), 13);
const down = (ms: number) => pad(MAX_MS - clamp(ms, MAX_MS), 13);
const downInt = (n: number) => pad(MAX_INT - clamp(n, MAX_INT), 10);
const ms = (iso: string) => Date.parse(iso);

/**
 * The key of a position in a sort: fixed-width digits whose byte order is the list's order (pinned first, then the
 * sort's columns, the id last, exactly as src/data/thread-list.query.ts orders rows). A member is `key:slug`.
 */
export function positionKey(sort: IndexedSort, position: ListPosition): string {
  const pinned = position[0] ? '0' : '1';
  const last = position.length - 1;
  const id = downInt(position[last] as number);
  switch (sort) {
    case 'NEWEST': return pinned + down(ms(position[1] as string)) + id;
    case 'OLDEST': return pinned + up(ms(position[1] as string)) + id;
    case 'LAST_ACTIVITY': return pinned + down(ms(position[1] as string)) + down(ms(position[2] as string)) + id;
    case 'MOST_POSTS': return pinned + downInt(position[1] as number) + down(ms(position[2] as string)) + id;
  }
}

/** The position a member stands for (the inverse of positionKey), for the page's cursors. */
export function memberPosition(sort: IndexedSort, member: string): { slug: string; position: ListPosition } {
  const colon = member.indexOf(':');
  const key = member.slice(0, colon);
  const pinned = key[0] === '0';
  const field = (from: number, width: number) => Number(key.slice(from, from + width));
  const iso = (n: number) => new Date(n).toISOString();
  const id = MAX_INT - field(key.length - 10, 10);
  let position: ListPosition;
  switch (sort) {
    case 'NEWEST': position = [pinned, iso(MAX_MS - field(1, 13)), id]; break;
    case 'OLDEST': position = [pinned, iso(field(1, 13)), id]; break;
    case 'LAST_ACTIVITY': position = [pinned, iso(MAX_MS - field(1, 13)), iso(MAX_MS - field(14, 13)), id]; break;
    case 'MOST_POSTS': position = [pinned, MAX_INT - field(1, 10), iso(MAX_MS - field(11, 13)), id]; break;
  }
  return { slug: member.slice(colon + 1), position };
}

/** The thread's position in a sort (as thread-list.query.ts's positionOf gives it for a row). */
function statePosition(sort: IndexedSort, t: ListedThread): ListPosition {
  switch (sort) {
    case 'NEWEST':
    case 'OLDEST': return [t.isPinned, t.createdAt, t.id];
    case 'LAST_ACTIVITY': return [t.isPinned, t.lastActivityAt, t.createdAt, t.id];
    case 'MOST_POSTS': return [t.isPinned, t.postCount, t.createdAt, t.id];
  }
}

/** One thread's entry in a bucket's indexes: its members in INDEXED_SORTS order, or none when it is not listed. */
export interface IndexEntry {
  slug: string;
  version: number;
  /** Its posts, summed per bucket for the category's postCount (0 when not listed). */
  postCount: number;
  members: string[] | null;
}

export const indexEntry = (t: ListedThread, listed: boolean): IndexEntry => ({
  slug: t.slug,
  version: t.version,
  postCount: listed ? t.postCount : 0,
  members: listed ? INDEXED_SORTS.map((sort) => `${positionKey(sort, statePosition(sort, t))}:${t.slug}`) : null,
});

/** Where a page starts: after the cursor's position (every member of that key sorts below `key;`), or at the top. */
export const pageStart = (sort: IndexedSort, after: ListPosition | null) =>
  after === null ? null : `${positionKey(sort, after)};`;
