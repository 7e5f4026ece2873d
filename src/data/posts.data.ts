import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, type PostRow } from '../db/schema.js';
import { postRow } from './read-columns.js';

export interface PostKey { createdAt: Date; id: number }

/**
 * The opening post of each thread. It cannot be deleted alone, so the first live post is the opening post, and
 * asking for live posts lets the partial index (thread_id, created_at, id) answer.
 */
export const findFirstPosts = (db: Db, threadIds: readonly number[]) =>
  db.selectDistinctOn([posts.threadId]).from(posts)
    .where(and(inArray(posts.threadId, [...threadIds]), isNull(posts.deletedAt)))
    .orderBy(posts.threadId, asc(posts.createdAt), asc(posts.id));

export async function findLivePostById(db: Db, id: number, forUpdate = false): Promise<PostRow | null> {
  const query = db.select(postRow).from(posts).where(and(eq(posts.id, id), isNull(posts.deletedAt))).limit(1);
  const rows = forUpdate ? await query.for('update') : await query;
  return rows[0] ?? null;
}

/**
 * Inserts a post numbered one past the highest number its thread ever had (deleted posts included). The caller holds
 * the thread row lock (createPost) or has just created the thread, so two posts never draw the same number.
 */
export async function insertPost(
  db: Db, values: Pick<PostRow, 'threadId' | 'authorId' | 'body'> & { createdAt?: Date; replyToId?: number | null },
): Promise<PostRow> {
  const number = sql<number>`(select coalesce(max(p.number), 0) + 1 from posts p where p.thread_id = ${values.threadId})`;
  const rows = await db.insert(posts).values({ ...values, number }).returning(postRow);
  return rows[0]!;
}

/** The number of the newest live post of a thread (0 when none). */
export async function newestPostNumber(db: Db, threadId: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`coalesce(max(${posts.number}), 0)::int` }).from(posts)
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt)));
  return rows[0]?.n ?? 0;
}

export async function updatePost(db: Db, id: number, values: Partial<Pick<PostRow, 'body' | 'editedAt' | 'deletedAt'>>) {
  const rows = await db.update(posts).set(values).where(eq(posts.id, id)).returning(postRow);
  return rows[0]!;
}
