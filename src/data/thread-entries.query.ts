// A thread's read model in one statement: the live thread, its author, its category's slug, its opening post's
// plain text (for the excerpt) and, when asked, its reaction counts summed over live posts. One round trip per batch
// of slugs, however many threads the batch holds.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, posts, threads, users } from '../db/schema.js';
import { arrayParam, preparedAnywhere } from './prepared.js';
import { publicUserColumns, threadReactionCounts, withReactionsParam } from './read-columns.js';
import { canName } from './text-keys.js';

/** Threads by slug: `live` only live ones (entries), `written` also deleted ones (a mutation's own answer). */
function threadEntriesQuery(db: Db, scope: 'live' | 'written', name: string) {
  // The opening post cannot be deleted alone, so the first live post is it; the partial index answers.
  // The excerpt is made of its plain text; a row not rendered yet (until the backfill reaches it) shows its body.
  const openingPost = db.select({ text: sql<string>`coalesce(${posts.bodyText}, ${posts.body})`.as('opening_text') }).from(posts)
    .where(and(eq(posts.threadId, threads.id), isNull(posts.deletedAt)))
    .orderBy(asc(posts.createdAt), asc(posts.id)).limit(1).as('opening_post');
  const counts = threadReactionCounts(db, threads.id, withReactionsParam);
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
    .where(and(sql`${threads.slug} = any(${sql.placeholder('slugs')}::text[])`, scope === 'live' ? isNull(threads.deletedAt) : undefined))
    .prepare(name);
}
const threadEntries = preparedAnywhere((db: Db) => threadEntriesQuery(db, 'live', 'thread_entries'));
const writtenThreadEntries = preparedAnywhere((db: Db) => threadEntriesQuery(db, 'written', 'written_thread_entries'));

/** `withReactions`: count the threads' reactions too (else the rows' counts are 0: see withReactionsParam). */
export async function findThreadEntries(db: Db, slugs: readonly string[], withReactions = true) {
  const named = slugs.filter(canName);
  return named.length === 0 ? [] : threadEntries(db).execute({ slugs: arrayParam(named), withReactions });
}

/**
 * A thread a mutation just wrote, as the mutation answers it, also when a deletion of it committed right after the
 * write (an error there would tell the client that nothing was done). Null when the slug names no thread.
 */
export async function findWrittenThreadEntry(db: Db, slug: string) {
  if (!canName(slug)) return null;
  const rows = await writtenThreadEntries(db).execute({ slugs: arrayParam([slug]), withReactions: true });
  return rows[0] ?? null;
}

export type ThreadEntryRow = Awaited<ReturnType<typeof findThreadEntries>>[number];
