// Columns and per-row aggregates shared by the read-model queries (thread-entries, post-entries): what an entry
// shows, and nothing else (no password hash, no tsvector), so a miss moves only the bytes it serves.
import { and, eq, getTableColumns, isNull, sql, type SQLWrapper } from 'drizzle-orm';
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

/** A lateral subquery: the reaction counts of one post (the primary key (post_id, …) answers it). */
export const postReactionCounts = (db: Db, postId: SQLWrapper) =>
  db.select(countsByType).from(reactions).where(eq(reactions.postId, postId)).as('post_reactions');

/** A lateral subquery: the reaction counts summed over a thread's live posts. */
export const threadReactionCounts = (db: Db, threadId: SQLWrapper) =>
  db.select(countsByType).from(reactions).innerJoin(posts, eq(posts.id, reactions.postId))
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt))).as('thread_reactions');
