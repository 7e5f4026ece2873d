import { and, asc, eq, getTableColumns, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, type PostRow } from '../db/schema.js';

export interface PostKey { createdAt: Date; id: number }

/** One page of a thread's live posts, oldest first, after a keyset position; one extra row tells hasNextPage. */
export function findPostPage(db: Db, threadId: number, limit: number, after: PostKey | null) {
  const position = after
    ? sql`(${posts.createdAt}, ${posts.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id})`
    : undefined;
  return db.select().from(posts)
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt), position))
    .orderBy(asc(posts.createdAt), asc(posts.id))
    .limit(limit + 1);
}

/** The first `limit + 1` live posts of each thread, oldest first, in one statement (first pages of a list's threads). */
export async function findFirstPostPages(db: Db, threadIds: readonly number[], limit: number): Promise<PostRow[]> {
  const ranked = db.select({
    ...getTableColumns(posts),
    rn: sql<number>`row_number() over (partition by ${posts.threadId} order by ${posts.createdAt}, ${posts.id})`.as('rn'),
  }).from(posts).where(and(inArray(posts.threadId, [...threadIds]), isNull(posts.deletedAt))).as('ranked');
  const rows = await db.select().from(ranked).where(lte(ranked.rn, limit + 1))
    .orderBy(ranked.threadId, ranked.createdAt, ranked.id);
  return rows.map(({ rn: _rn, ...row }) => row);
}

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

export const findLivePostsByIds = (db: Db, ids: readonly number[]) =>
  db.select().from(posts).where(and(inArray(posts.id, [...ids]), isNull(posts.deletedAt)));

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
