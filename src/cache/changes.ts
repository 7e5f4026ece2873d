// What a mutation changed, in the domain's words. Services describe their changes with these and never name a
// stamp or an index: src/cache/invalidation.ts is the one place that knows what each change makes stale. Changes are
// stored as JSON in the outbox (cache_outbox), so they hold plain values only.

/** A thread's place in every sort of the list indexes. */
export interface ListedThread {
  id: number;
  slug: string;
  /** threads.version: a list index applies a state only when it is newer than what it holds. */
  version: number;
  isPinned: boolean;
  /** ISO timestamps with millisecond precision, as stored. */
  lastActivityAt: string;
  createdAt: string;
  postCount: number;
}

/** A thread as the list indexes see it after a change: its place, its category, and whether it is listed at all. */
export interface ThreadState extends ListedThread {
  categorySlug: string;
  /** False once the thread is deleted: it leaves every list. */
  live: boolean;
}

/** Fields of a thread an edit may change. */
export type ThreadField = 'title' | 'tags' | 'category' | 'pinned' | 'locked';

export type DomainChange =
  | { type: 'thread.created'; thread: ThreadState }
  /** isLocked: the lock after the change (subscribers tell a lock from an unlock); absent in rows of older versions. */
  | { type: 'thread.updated'; thread: ThreadState; fields: ThreadField[]; fromCategorySlug: string; isLocked?: boolean }
  | { type: 'thread.deleted'; thread: ThreadState }
  | { type: 'post.created'; thread: ThreadState; postId: number }
  | { type: 'post.deleted'; thread: ThreadState; postId: number }
  | { type: 'post.edited'; threadSlug: string; postId: number }
  | { type: 'reaction.set'; threadSlug: string; postId: number }
  /**
   * A thread's accepted answer was marked, replaced or cleared (by its author, a moderator, or the answer's deletion).
   * postIds: the posts whose isAnswer changed (the new answer and the one it replaced).
   */
  | { type: 'answer.changed'; threadSlug: string; postIds: number[] }
  /** Stored renderings of posts were replaced (the backfill, after a renderer change): no one edited them. */
  | { type: 'posts.rerendered'; threadSlugs: string[] }
  | { type: 'category.created'; slug: string; parentSlug: string | null }
  | { type: 'category.updated'; slug: string; parentSlug: string | null }
  /** A user's role shows wherever they are an author, through their own entry. */
  | { type: 'role.changed'; userId: number }
  /** Their display name, avatar, bio or suspension: shown through their own entries only. */
  | { type: 'user.updated'; userId: number }
  /** Sessions of a user were revoked (a logout, a password change, a suspension): no request may use them any more. */
  | { type: 'sessions.revoked'; userId: number }
  /**
   * An account was registered: a profile lookup of that name, or a node(id) lookup of that user id, that found nothing
   * must look again (userId absent in rows of older versions).
   */
  | { type: 'user.created'; username: string; userId?: number }
  /**
   * What these users' profiles list changed: a thread or post of theirs created, edited, deleted or reacted to, or a
   * thread they posted in deleted. Recorded beside the thread or post change.
   */
  | { type: 'user.content'; userIds: number[] }
  /** An operator made every entry unreachable (npm run cache:clear, after manual database edits). */
  | { type: 'cache.cleared' };
