// The forum's tables. Timestamps keep millisecond precision so keyset cursors survive a round trip through JS Dates.
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { precision: 3, withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  avatarUrl: text('avatar_url'),
  role: text('role', { enum: ['MEMBER', 'MODERATOR', 'ADMIN'] }).notNull().default('MEMBER'),
  passwordHash: text('password_hash').notNull(),
  bio: text('bio'),
  /** When the current suspension began; null when not suspended (a suspension past its end counts as none). */
  suspendedAt: ts('suspended_at'),
  /** When the current suspension ends by itself; null with suspendedAt set: indefinitely. */
  suspendedUntil: ts('suspended_until'),
  suspensionReason: text('suspension_reason'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('users_username_lower_uq').on(sql`lower(${t.username})`)]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const loginFailures = pgTable('login_failures', {
  key: text('key').primaryKey(),
  windowStart: ts('window_start').notNull(),
  failures: integer('failures').notNull(),
});

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  icon: text('icon'),
  displayOrder: integer('display_order').notNull().default(0),
  parentId: integer('parent_id').references((): any => categories.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** The position of the category's last live event (src/live/backlog.ts), raised under the row lock by the writer. */
  liveSeq: bigint('live_seq', { mode: 'number' }).notNull().default(0),
  /**
   * The live threads directly in the category (not its children's) and the sum of their post counts: kept by every
   * write that changes a thread's liveness, category or post count, in its own transaction (src/data/category-counts.ts).
   */
  threadCount: integer('thread_count').notNull().default(0),
  postCount: integer('post_count').notNull().default(0),
}, (t) => [index('categories_parent_idx').on(t.parentId, t.displayOrder)]);

export const threads = pgTable('threads', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  categoryId: integer('category_id').notNull().references(() => categories.id),
  authorId: integer('author_id').notNull().references(() => users.id),
  title: text('title').notNull(),
  titleTsv: tsvector('title_tsv').generatedAlwaysAs(sql`to_tsvector('simple', title)`),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  isPinned: boolean('is_pinned').notNull().default(false),
  isLocked: boolean('is_locked').notNull().default(false),
  postCount: integer('post_count').notNull().default(0),
  viewCount: integer('view_count').notNull().default(0),
  lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  /**
   * Raised by every write to the row that can move the thread in a list (posts, pins, moves, deletes), under the
   * row lock: list indexes apply a thread's state only when it is newer than the one they hold, so updates that
   * reach them out of order (two processes, a replayed outbox row) cannot undo each other.
   */
  version: integer('version').notNull().default(1),
  /** The accepted answer (a live post of this thread), or null. Cleared when that post is deleted. */
  answerPostId: integer('answer_post_id'),
  /**
   * The position of the thread's last live event: raised by the writing transaction under the row lock, so positions
   * follow commit order (src/live/backlog.ts). Entries read it in the snapshot of their data (Thread.liveCursor).
   */
  liveSeq: bigint('live_seq', { mode: 'number' }).notNull().default(0),
}, (t) => {
  const live = sql`${t.deletedAt} is null`;
  // One index per sort, with and without the category prefix, in the exact order of the keyset.
  const sorts = {
    created: [t.createdAt],
    activity: [t.lastActivityAt, t.createdAt],
    posts: [t.postCount, t.createdAt],
    views: [t.viewCount, t.createdAt],
  } as const;
  return [
    ...Object.entries(sorts).flatMap(([name, cols]) => [
      index(`threads_${name}_idx`).on(t.isPinned, ...cols, t.id).where(live),
      index(`threads_cat_${name}_idx`).on(t.categoryId, t.isPinned, ...cols, t.id).where(live),
    ]),
    // OLDEST orders creation ascending but pinned and id descending: no direction of the indexes above serves it.
    index('threads_oldest_idx').on(t.isPinned.desc().nullsFirst(), t.createdAt.asc(), t.id.desc().nullsFirst()).where(live),
    index('threads_cat_oldest_idx').on(t.categoryId, t.isPinned.desc().nullsFirst(), t.createdAt.asc(), t.id.desc().nullsFirst()).where(live),
    index('threads_author_idx').on(t.authorId).where(live),
    // A profile's threads, newest first (User.threads).
    index('threads_author_created_idx').on(t.authorId, t.createdAt, t.id).where(live),
    index('threads_tags_idx').using('gin', t.tags).where(live),
    index('threads_title_tsv_idx').using('gin', t.titleTsv),
    index('threads_answered_idx').on(t.answerPostId).where(sql`${t.deletedAt} is null and ${t.answerPostId} is not null`),
  ];
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  threadId: integer('thread_id').notNull().references(() => threads.id),
  authorId: integer('author_id').notNull().references(() => users.id),
  /** The source text, as written (Markdown). */
  body: text('body').notNull(),
  /**
   * The post's place in its thread: 1 for the opening post, then one more than the highest number the thread ever
   * had (deleted posts included), assigned under the thread row lock, so numbers are never reused.
   */
  number: integer('number').notNull(),
  /** The post this one replies to (same thread), or null. */
  replyToId: integer('reply_to_id').references((): any => posts.id),
  /**
   * What the body renders to (src/render/), written with it in the same statement: sanitized HTML, plain text (what
   * search and excerpts read) and the users it mentions, in order of first mention. render_version is the renderer's
   * version that made them; null (rows from before rendering) or older ones are re-rendered by the backfill.
   */
  bodyHtml: text('body_html'),
  bodyText: text('body_text'),
  mentionIds: integer('mention_ids').array().notNull().default(sql`'{}'::int[]`),
  renderVersion: integer('render_version'),
  /** Search matches the words of the plain text (`**water**` is found by "water"); the body until it is rendered. */
  bodyTsv: tsvector('body_tsv').generatedAlwaysAs(sql`to_tsvector('simple', coalesce(body_text, body))`),
  createdAt: ts('created_at').notNull().defaultNow(),
  editedAt: ts('edited_at'),
  deletedAt: ts('deleted_at'),
}, (t) => [
  index('posts_thread_idx').on(t.threadId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
  index('posts_body_text_tsv_idx').using('gin', t.bodyTsv).where(sql`${t.deletedAt} is null`),
  uniqueIndex('posts_thread_number_uq').on(t.threadId, t.number),
  // Replies of a post: replyCount (live ones: the deleted_at test is a filter on few rows), and the foreign key's check
  // when a post row is deleted for good (a predicate with deleted_at would keep that check from using it: a scan of
  // every post per deleted row).
  index('posts_reply_to_idx').on(t.replyToId).where(sql`${t.replyToId} is not null`),
  // The backfill's scan: live rows not rendered yet, or by an older renderer.
  index('posts_render_version_idx').on(t.renderVersion).where(sql`${t.deletedAt} is null`),
  // A profile's posts, newest first (User.posts).
  index('posts_author_idx').on(t.authorId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
]);

/** How far each user has read each thread: the highest post number marked read. Only ever moves forward. */
export const threadReads = pgTable('thread_reads', {
  userId: integer('user_id').notNull().references(() => users.id),
  threadId: integer('thread_id').notNull().references(() => threads.id),
  lastReadPostNumber: integer('last_read_post_number').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.threadId] })]);

export const reactionTypes = ['LIKE', 'HELPFUL', 'LOVE'] as const;
export type ReactionTypeName = (typeof reactionTypes)[number];

export const reactions = pgTable('reactions', {
  postId: integer('post_id').notNull().references(() => posts.id),
  userId: integer('user_id').notNull().references(() => users.id),
  type: text('type', { enum: reactionTypes }).notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.postId, t.userId, t.type] }),
  index('reactions_user_idx').on(t.userId, t.postId),
]);

export const reportReasons = ['SPAM', 'OFF_TOPIC', 'INAPPROPRIATE', 'OTHER'] as const;
export const reportResolutions = ['DISMISSED', 'POST_DELETED', 'AUTHOR_SUSPENDED'] as const;

/** Reports of posts, for moderators. One open report per reporter and post. */
export const reports = pgTable('reports', {
  id: serial('id').primaryKey(),
  postId: integer('post_id').notNull().references(() => posts.id),
  reporterId: integer('reporter_id').notNull().references(() => users.id),
  reason: text('reason', { enum: reportReasons }).notNull(),
  note: text('note'),
  createdAt: ts('created_at').notNull().defaultNow(),
  status: text('status', { enum: ['OPEN', 'RESOLVED'] }).notNull().default('OPEN'),
  resolution: text('resolution', { enum: reportResolutions }),
  resolvedBy: integer('resolved_by').references(() => users.id),
  resolvedAt: ts('resolved_at'),
}, (t) => [
  uniqueIndex('reports_open_uq').on(t.postId, t.reporterId).where(sql`${t.status} = 'OPEN'`),
  index('reports_queue_idx').on(t.status, t.createdAt, t.id),
  index('reports_reporter_idx').on(t.reporterId, t.createdAt),
]);

/**
 * The transactional outbox: each mutation writes what it changed here, inside its own transaction. After the
 * commit the writer applies it to the cache and deletes the row; a row left behind (the writer crashed, or could
 * not reach Redis) is applied by whichever process polls or is notified next.
 */
export const cacheOutbox = pgTable('cache_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  changes: jsonb('changes').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  /**
   * The process applying the row (its owner token, also in its connections' application_name): the writer from the
   * start; another process's poll only once that owner is gone (or released the row). Null: anyone may take it.
   */
  claimedBy: text('claimed_by'),
});

/**
 * Cache leases: a process serves from a shared cache (Redis) only while its lease here holds, and it renews the lease
 * only while no outbox row waits past a grace period. A writer that could not apply its changes waits until another
 * process applied them or no other lease holds (src/cache/outbox.ts).
 */
export const cacheLeases = pgTable('cache_leases', {
  /** The process's owner token (as cache_outbox.claimed_by). */
  owner: text('owner').primaryKey(),
  until: ts('until').notNull(),
});

/**
 * The live events' backlog: each event of a thread's or a category's channel at its position, written in the
 * transaction that made the change. Bounded (LIVE_BACKLOG_MAX_EVENTS per channel, LIVE_BACKLOG_MAX_AGE_MIN); a
 * subscription `after` a position replays from here. An event is readable (its cache effects applied) once its
 * outbox row is gone.
 */
export const liveEvents = pgTable('live_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** `thread:<id>` or `category:<id>`. */
  channel: text('channel').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  event: jsonb('event').notNull(),
  /** The outbox row that must be applied before the event is announced or replayed; null: nothing to apply. */
  outboxId: bigint('outbox_id', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('live_events_channel_seq_uq').on(t.channel, t.seq),
  index('live_events_outbox_idx').on(t.outboxId).where(sql`${t.outboxId} is not null`),
  index('live_events_created_idx').on(t.createdAt),
]);

export type UserRow = typeof users.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
/** A thread row as the server reads it: every column but the search vector (only search conditions use it). */
export type ThreadRow = Omit<typeof threads.$inferSelect, 'titleTsv'>;
/** A post row as the server reads it: every column but the search vector, which grows with the body. */
export type PostRow = Omit<typeof posts.$inferSelect, 'bodyTsv' | 'bodyHtml' | 'bodyText'>;
export type ReportRow = typeof reports.$inferSelect;
