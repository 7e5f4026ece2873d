import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, type PostRow } from '../db/schema.js';

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
  const query = db.select().from(posts).where(and(eq(posts.id, id), isNull(posts.deletedAt))).limit(1);
  const rows = forUpdate ? await query.for('update') : await query;
  return rows[0] ?? null;
}

export async function insertPost(
  db: Db, values: Pick<PostRow, 'threadId' | 'authorId' | 'body'> & { createdAt?: Date },
): Promise<PostRow> {
  const rows = await db.insert(posts).values(values).returning();
  return rows[0]!;
}

export async function updatePost(db: Db, id: number, values: Partial<Pick<PostRow, 'body' | 'editedAt' | 'deletedAt'>>) {
  const rows = await db.update(posts).set(values).where(eq(posts.id, id)).returning();
  return rows[0]!;
}
