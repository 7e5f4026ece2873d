// A thread's read model in one statement: the live thread, its author, its category's slug, its opening post's
// plain text (for the excerpt) and its reaction counts summed over live posts. One round trip per batch of slugs,
// however many threads the batch holds.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, posts, threads, users } from '../db/schema.js';
import { arrayParam, preparedPer } from './prepared.js';
import { publicUserColumns, threadReactionCounts } from './read-columns.js';
import { canName } from './text-keys.js';

const threadEntries = preparedPer((db: Db) => {
  // The opening post cannot be deleted alone, so the first live post is it; the partial index answers.
  // The excerpt is made of its plain text; a row not rendered yet (until the backfill reaches it) shows its body.
  const openingPost = db.select({ text: sql<string>`coalesce(${posts.bodyText}, ${posts.body})`.as('opening_text') }).from(posts)
    .where(and(eq(posts.threadId, threads.id), isNull(posts.deletedAt)))
    .orderBy(asc(posts.createdAt), asc(posts.id)).limit(1).as('opening_post');
  const counts = threadReactionCounts(db, threads.id);
  return db.select({
    thread: {
      id: threads.id, slug: threads.slug, title: threads.title, tags: threads.tags, isPinned: threads.isPinned,
      isLocked: threads.isLocked, postCount: threads.postCount, createdAt: threads.createdAt,
      updatedAt: threads.updatedAt, lastActivityAt: threads.lastActivityAt, answerPostId: threads.answerPostId,
      liveSeq: threads.liveSeq,
    },
    author: publicUserColumns,
    categorySlug: categories.slug,
    openingText: openingPost.text,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
  }).from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .innerJoin(categories, eq(categories.id, threads.categoryId))
    .leftJoinLateral(openingPost, sql`true`)
    .leftJoinLateral(counts, sql`true`)
    .where(and(sql`${threads.slug} = any(${sql.placeholder('slugs')}::text[])`, isNull(threads.deletedAt)))
    .prepare('thread_entries');
});

export async function findThreadEntries(db: Db, slugs: readonly string[]) {
  const named = slugs.filter(canName);
  return named.length === 0 ? [] : threadEntries(db).execute({ slugs: arrayParam(named) });
}

export type ThreadEntryRow = Awaited<ReturnType<typeof findThreadEntries>>[number];
