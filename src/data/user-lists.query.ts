// What a profile lists, newest first: a user's live threads, and their live posts in live threads, each a keyset scan
// of a partial index on (author_id, created_at, id); and the counts of both, per user, in one statement per batch.
import { and, desc, eq, isNull, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads, users } from '../db/schema.js';
import { arrayParam, idIn } from './prepared.js';
import { postReactionCounts } from './read-columns.js';

export interface NewestKey { createdAt: Date; id: number }

const before = (createdAt: AnyColumn, id: AnyColumn, key: NewestKey | null) => key === null
  ? undefined
  : sql`(${createdAt}, ${id}) < (${key.createdAt.toISOString()}::timestamptz, ${key.id}::int)`;

/** `limit` + 1 of the user's live threads after `key`, newest first (the extra row tells hasNextPage). */
export function findUserThreadPage(db: Db, userId: number, limit: number, key: NewestKey | null) {
  return db.select({ id: threads.id, slug: threads.slug, createdAt: threads.createdAt }).from(threads)
    .where(and(eq(threads.authorId, userId), isNull(threads.deletedAt), before(threads.createdAt, threads.id, key)))
    .orderBy(desc(threads.createdAt), desc(threads.id)).limit(limit + 1);
}

/** `limit` + 1 of the user's live posts in live threads after `key`, newest first, with reaction counts and thread slug. */
export function findUserPostPage(db: Db, userId: number, limit: number, key: NewestKey | null) {
  const counts = postReactionCounts(db, posts.id);
  return db.select({
    post: {
      id: posts.id, threadId: posts.threadId, authorId: posts.authorId, number: posts.number, replyToId: posts.replyToId,
      body: posts.body, bodyHtml: posts.bodyHtml, bodyText: posts.bodyText, createdAt: posts.createdAt, editedAt: posts.editedAt,
    },
    mentionIds: posts.mentionIds,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
    replyCount: sql<number>`(select count(*)::int from posts r where r.reply_to_id = ${posts.id} and r.deleted_at is null)`,
    isAnswer: sql<boolean>`coalesce(${threads.answerPostId} = ${posts.id}, false)`,
    threadSlug: threads.slug,
  }).from(posts)
    .innerJoin(threads, and(eq(threads.id, posts.threadId), isNull(threads.deletedAt)))
    .leftJoinLateral(counts, sql`true`)
    .where(and(eq(posts.authorId, userId), isNull(posts.deletedAt), before(posts.createdAt, posts.id, key)))
    .orderBy(desc(posts.createdAt), desc(posts.id)).limit(limit + 1);
}

/** Live threads started, and live posts in live threads (opening posts included), per user id. */
export function countUserContent(db: Db, userIds: readonly number[]) {
  // Qualified by hand: drizzle leaves a single-table query's columns unqualified, and these subqueries name two tables.
  return db.select({
    id: sql<number>`u.id`,
    threadCount: sql<number>`(select count(*) from threads t where t.author_id = u.id and t.deleted_at is null)::int`,
    postCount: sql<number>`(select count(*) from posts p join threads t on t.id = p.thread_id and t.deleted_at is null
      where p.author_id = u.id and p.deleted_at is null)::int`,
  }).from(sql`users u`).where(idIn(sql`u.id`, userIds));
}

/** Ids of users by name, any case: [lower-cased name, id]. */
export async function findUserIdsByNames(db: Db, names: readonly string[]) {
  const lower = names.map((n) => n.toLowerCase());
  return db.select({ name: sql<string>`lower(${users.username})`, id: users.id }).from(users)
    .where(sql`lower(${users.username}) = any(${arrayParam(lower)}::text[])`);
}
