// Columns and per-row aggregates shared by the read-model queries (thread-entries, post-entries): what an entry
// shows, and nothing else (no password hash, no tsvector), so a miss moves only the bytes it serves.
import { and, eq, getTableColumns, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, reactions, threads, users, type UserRow } from '../db/schema.js';

const { titleTsv: _titleTsv, ...threadColumns } = getTableColumns(threads);
const { bodyTsv: _bodyTsv, bodyHtml: _bodyHtml, bodyText: _bodyText, ...postColumns } = getTableColumns(posts);
/** A thread row (ThreadRow) as services read and return it: without the search vector. */
export const threadRow = threadColumns;
/**
 * A post row (PostRow) as services read and return it: without the search vector and the stored rendering, which
 * grow with the body (reads take the rendering from the read-model queries).
 */
export const postRow = postColumns;

/** A user as every reader may see it. */
export type PublicUserRow = Pick<UserRow, 'id' | 'username' | 'displayName' | 'avatarUrl' | 'role' | 'createdAt'>;

export const publicUserColumns = {
  id: users.id, username: users.username, displayName: users.displayName, avatarUrl: users.avatarUrl,
  role: users.role, createdAt: users.createdAt,
};

/** Reaction counts, one column per type; `::int` because count() is bigint, which postgres.js returns as text. */
const countsByType = {
  like: sql<number>`count(*) filter (where ${reactions.type} = 'LIKE')::int`.as('like_count'),
  helpful: sql<number>`count(*) filter (where ${reactions.type} = 'HELPFUL')::int`.as('helpful_count'),
  love: sql<number>`count(*) filter (where ${reactions.type} = 'LOVE')::int`.as('love_count'),
};

/**
 * A lateral subquery: the reaction counts of one post (the primary key (post_id, …) answers it). `when`: a condition
 * on parameters only (no column), which PostgreSQL checks once per execution: false reads no reaction (counts 0).
 */
export const postReactionCounts = (db: Db, postId: SQLWrapper, when?: SQL) =>
  db.select(countsByType).from(reactions).where(and(eq(reactions.postId, postId), when)).as('post_reactions');

/** A lateral subquery: the reaction counts summed over a thread's live posts (`when` as for postReactionCounts). */
export const threadReactionCounts = (db: Db, threadId: SQLWrapper, when?: SQL) =>
  db.select(countsByType).from(reactions).innerJoin(posts, eq(posts.id, reactions.postId))
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt), when)).as('thread_reactions');

/**
 * `$withReactions`: whether a read-model query counts reactions (an operation that does not show them reads none).
 * Entries stored in the cache never hold them: they are entries of their own (src/read/thread-page-loads.ts).
 */
export const withReactionsParam = sql`${sql.placeholder('withReactions')}::boolean`;
