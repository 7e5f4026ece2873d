// Every cache key and generation-stamp key, built in one place. Pure functions: unit-tested in test/unit/keys.test.ts.
import { createHash } from 'node:crypto';
import type { ListFilter, ThreadSortName } from '../data/thread-list.query.js';
import { ALL_BODY_FIELDS, bodyFieldsCode, type BodyFields } from '../model/post-body-fields.js';

export interface ThreadListArgs {
  filter?: {
    categorySlug?: string | null; search?: string | null; tags?: readonly string[] | null; authorUsername?: string | null;
    answered?: boolean | null;
  } | null;
  sort?: ThreadSortName;
  first?: number;
  after?: string | null;
}

export interface NormalizedListArgs {
  filter: ListFilter;
  sort: ThreadSortName;
  first: number;
  after: string | null;
}

/** Normalized search text: trimmed, lower-cased, inner whitespace collapsed; '' when blank. */
export const normalizeSearch = (search: string) => search.trim().toLowerCase().replace(/\s+/g, ' ');

/** Lower-cased, de-duplicated and sorted: for matching and keys, where order carries no meaning. */
export const normalizeFilterTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.toLowerCase()))].sort();

/** Two requests that mean the same list normalize to equal values (defaults written out, blanks dropped). */
export function normalizeListArgs(args: ThreadListArgs): NormalizedListArgs {
  const f = args.filter ?? {};
  const filter: ListFilter = {};
  if (f.categorySlug != null) filter.categorySlug = f.categorySlug;
  const search = f.search != null ? normalizeSearch(f.search) : '';
  if (search !== '') filter.searchWords = search.split(' ');
  if (f.tags != null && f.tags.length > 0) filter.tags = normalizeFilterTags(f.tags);
  if (f.authorUsername != null) filter.authorUsername = f.authorUsername.toLowerCase();
  if (f.answered != null) filter.answered = f.answered;
  return { filter, sort: args.sort ?? 'LAST_ACTIVITY', first: args.first ?? 20, after: args.after ?? null };
}

/**
 * 16 hex digits of SHA-256 over the normalized filter and sort, with fields in a fixed order. `answered` is appended
 * only when given, so the hashes (and cursors) of lists without it are those of earlier builds.
 */
export function filterHash(args: NormalizedListArgs): string {
  const { filter, sort } = args;
  const canonical = JSON.stringify([
    filter.categorySlug ?? null, filter.searchWords?.join(' ') ?? null, filter.tags ?? null,
    filter.authorUsername ?? null, sort, ...(filter.answered === undefined ? [] : [filter.answered]),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/**
 * A key part. A lone surrogate (half an emoji, sent by a client) would make encodeURIComponent throw: it becomes
 * U+FFFD, as it does on its way to PostgreSQL, so both name the same (missing) row.
 */
const part = (value: string) =>
  encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

export const PREFIX = 'forum';

/** Nothing for every body field (the key of before), else `:` and the fields' code. */
const bodyFieldsSuffix = (fields: BodyFields) => {
  const code = bodyFieldsCode(fields);
  return code === bodyFieldsCode(ALL_BODY_FIELDS) ? '' : `:${code}`;
};

/** Which page of a thread's posts: `{slug}:{size}:{cursor}`, `-` before the size when it reads backward. */
const pagePart = (slug: string, size: number, cursor: string | null, direction: 'forward' | 'backward') =>
  `${part(slug)}:${direction === 'backward' ? '-' : ''}${size}:${cursor === null ? '' : part(cursor)}`;

export const keys = {
  /** `thread2`: since thread entries hold no reaction counts (threadReactions). */
  thread: (slug: string) => `${PREFIX}:thread2:${part(slug)}`,
  /**
   * A page of posts: `first` after a cursor (forward), or `last` before one (backward, `-` before the size); a page
   * holding fewer than all of the posts' body fields ends in their code (src/model/post-body-fields.ts: `:h` for
   * bodyHTML only).
   * `posts3`: since post entries hold the ids of mentioned users (not the users), which pages stored by older builds lack;
   * `posts4`: since they hold no reaction counts (pageReactions).
   */
  postPage: (slug: string, size: number, cursor: string | null, direction: 'forward' | 'backward' = 'forward', fields: BodyFields = ALL_BODY_FIELDS) =>
    `${PREFIX}:posts4:${pagePart(slug, size, cursor, direction)}${bodyFieldsSuffix(fields)}`,
  /** A thread's reaction counts over its live posts (ThreadReactionsView). */
  threadReactions: (slug: string) => `${PREFIX}:thread-reactions:${part(slug)}`,
  /** The reaction counts of a page's posts (PageReactionsView, with the ids of the posts they belong to), as postPage. */
  pageReactions: (slug: string, size: number, cursor: string | null, direction: 'forward' | 'backward' = 'forward') =>
    `${PREFIX}:page-reactions:${pagePart(slug, size, cursor, direction)}`,
  /** forum:list:{categorySlug or all}:{first}:{after}:{hash} */
  list: (args: NormalizedListArgs) =>
    `${PREFIX}:list:${listBucket(args)}:${args.first}:${args.after === null ? '' : part(args.after)}:${filterHash(args)}`,
  /** forum:count:{categorySlug or all}:{hash of the filter}: a filtered list's totalCount, stamped as its lists. */
  listCount: (args: NormalizedListArgs) =>
    `${PREFIX}:count:${listBucket(args)}:${filterHash({ ...args, sort: 'NEWEST' })}`,
  category: (slug: string) => `${PREFIX}:category:${part(slug)}`,
  /** A user as every reader sees them (an author on thread and post pages, a profile's head), by user id. */
  user: (id: number) => `${PREFIX}:user:${id}`,
  /** A user's profile beyond the author card (bio, suspension), under the same stamp as the user's entry. */
  profile: (id: number) => `${PREFIX}:profile:${id}`,
  /** The id of the user with this name, any case (or null): names never change. */
  userId: (username: string) => `${PREFIX}:username:${part(username.toLowerCase())}`,
  /** A user's live thread and post counts. */
  userCounts: (id: number) => `${PREFIX}:user-counts:${id}`,
  /** A page of a user's threads (slugs) or posts (read models; `user-posts2`: with mentioned users' ids), newest first. */
  userThreads: (id: number, first: number, after: string | null) => `${PREFIX}:user-threads:${id}:${first}:${after === null ? '' : part(after)}`,
  userPosts: (id: number, first: number, after: string | null) => `${PREFIX}:user-posts2:${id}:${first}:${after === null ? '' : part(after)}`,
  categoryTree: () => `${PREFIX}:category:tree`,
  /**
   * A bearer token's session: its user as a request's viewer (id, name, role) and when it expires, by the token's
   * SHA-256 (the same hash the sessions table keeps; the token itself is stored nowhere).
   */
  session: (tokenHash: string) => `${PREFIX}:session:${part(tokenHash)}`,
  views: () => `${PREFIX}:views`,
  /**
   * The prefix of a bucket's list-index keys (`h` the thread versions, `z1`..`z4` the sorts, `gen` its change
   * stamp, `building`, and `t:{token}:` a build's keys). The bucket sits in a hash tag, for a Redis Cluster later.
   */
  listIndex: (bucket: string) => `${PREFIX}:idx:{${part(bucket)}}:`,
  /**
   * A whole anonymous response (the fast path), by a hash of the request. A Redis hash since its stamps became
   * fields; named apart from the string-valued `forum:response:` of earlier builds, so that processes of both builds
   * sharing one Redis during a rolling deploy never read each other's (WRONGTYPE would count as a lost backend).
   * `responses2`: since their metadata holds a validator (the ETag), which copies stored by older builds lack.
   */
  response: (requestHash: string) => `${PREFIX}:responses2:${requestHash}`,
  /**
   * A persisted query's document, by its SHA-256 (64 hex digits, checked by the caller), and the index of every
   * registration by time, which bounds their number. One hash tag for both: the register script touches both.
   */
  persistedQuery: (sha256Hex: string) => `${PREFIX}:{apq}:doc:${sha256Hex}`,
  persistedQueryIndex: () => `${PREFIX}:{apq}:index`,
};

/**
 * A list's category bucket: its category's slug, or `all` for lists across categories. A category named
 * `all` shares the bucket: its lists are then invalidated more often than needed, never less.
 */
export const listBucket = (args: NormalizedListArgs) =>
  args.filter.categorySlug === undefined ? 'all' : part(args.filter.categorySlug);

/** Generation stamps: bumping one makes every entry built under its old value unreachable. */
export const stamps = {
  epoch: () => `${PREFIX}:gen:epoch`,
  /**
   * A thread's entry and its pages of posts. `thread2`: since reaction counts left them (a reaction bumps `reactions`
   * alone); see legacyThread.
   */
  thread: (slug: string) => `${PREFIX}:gen:thread2:${part(slug)}`,
  /** A thread's reaction counts and its posts' (their own entries): a reaction bumps this alone. */
  reactions: (slug: string) => `${PREFIX}:gen:reactions:${part(slug)}`,
  /**
   * The thread stamp of earlier versions, whose thread entries and pages hold reaction counts: bumped with `thread`
   * and with `reactions` (src/cache/invalidation.ts), so that a process of an earlier version, still serving during a
   * rolling deploy, never shows counts older than a reaction that returned. No entry of this version reads it.
   */
  legacyThread: (slug: string) => `${PREFIX}:gen:thread:${part(slug)}`,
  allLists: () => `${PREFIX}:gen:lists`,
  listBucket: (bucket: string) => `${PREFIX}:gen:lists:${bucket}`,
  categoryLists: (slug: string) => `${PREFIX}:gen:lists:${part(slug)}`,
  globalLists: () => `${PREFIX}:gen:lists:all`,
  searchLists: () => `${PREFIX}:gen:lists-search`,
  /** Lists filtered by `answered`: marking or clearing an answer moves a thread between them, and no other list. */
  answeredLists: () => `${PREFIX}:gen:lists-answered`,
  category: (slug: string) => `${PREFIX}:gen:category:${part(slug)}`,
  categoryTree: () => `${PREFIX}:gen:category-tree`,
  /** A user's own entry (name, avatar, role): pages hold author ids only, so a rename bumps this one stamp. */
  user: (id: number) => `${PREFIX}:gen:user:${id}`,
  /** What a user's profile lists: their threads and posts, and the counts of both. */
  userContent: (id: number) => `${PREFIX}:gen:user-content:${id}`,
  /** A user's sessions: bumped when any of them is revoked (logout, a password change, a suspension). */
  userSessions: (id: number) => `${PREFIX}:gen:user-sessions:${id}`,
  /** A name's lookup (registering it bumps it). */
  username: (username: string) => `${PREFIX}:gen:username:${part(username.toLowerCase())}`,
};

/** Which kind of entry a stamp guards, for metrics and logs (the epoch guards every kind; it counts as `all`). */
export function stampKind(stamp: string): 'thread' | 'thread_list' | 'category' | 'user' | 'all' {
  if (stamp === stamps.epoch()) return 'all';
  if (stamp.startsWith(`${PREFIX}:gen:user`)) return 'user';
  if (stamp.startsWith(`${PREFIX}:gen:lists`)) return 'thread_list';
  if (stamp.startsWith(`${PREFIX}:gen:category`)) return 'category';
  return 'thread';
}

/** The stamps an entry of each kind is built from; the epoch is always first. */
export const dependencies = {
  thread: (slug: string) => [stamps.epoch(), stamps.thread(slug)],
  reactions: (slug: string) => [stamps.epoch(), stamps.reactions(slug)],
  list: (args: NormalizedListArgs) => [
    stamps.epoch(), stamps.allLists(), stamps.listBucket(listBucket(args)),
    ...(args.filter.searchWords ? [stamps.searchLists()] : []),
    ...(args.filter.answered !== undefined ? [stamps.answeredLists()] : []),
  ],
  category: (slug: string) => [stamps.epoch(), stamps.category(slug)],
  categoryTree: () => [stamps.epoch(), stamps.categoryTree()],
  user: (id: number) => [stamps.epoch(), stamps.user(id)],
  userContent: (id: number) => [stamps.epoch(), stamps.userContent(id)],
  username: (username: string) => [stamps.epoch(), stamps.username(username)],
  /** A session of a user: its revocation, and the user's role or suspension (their own stamp). */
  session: (userId: number) => [stamps.epoch(), stamps.user(userId), stamps.userSessions(userId)],
};

/**
 * On a Redis Cluster every stamp lives in one hash slot, under the tag `{gen}`: a read of any entry's stamps, and a
 * mutation's bump of all its stamps, is then one script on one node (the global epoch and the cross-category list
 * stamps take part in almost every read, so no other grouping would spare a second node). `forum:gen:thread:x` is
 * stored as `forum:{gen}:thread:x`. On one Redis the names stay as they are (`REDIS_URL` deployments keep their keys).
 * Every other key is returned unchanged: entries and responses spread over the cluster by their own names, and list
 * indexes already carry their bucket as a tag (`forum:idx:{bucket}:`).
 */
export const clusterKey = (key: string) =>
  key.startsWith(`${PREFIX}:gen:`) ? `${PREFIX}:{gen}:${key.slice(PREFIX.length + 5)}` : key;

/**
 * What decides a key's hash slot on a Redis Cluster: the text between its first `{` and the next `}` when that is not
 * empty, else the whole key. Keys with the same tag share a slot (multi-key commands on them are allowed).
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
