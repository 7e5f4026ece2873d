// What subscribers are told, derived from what a mutation changed (src/cache/changes.ts). Pure: the outbox's apply
// step hands the changes of every applied row to liveEventsOf, so events come from the one place that also makes
// the cache fresh, after it did. Events are plain JSON: they travel on Redis pub/sub between processes.
import type { DomainChange } from '../cache/changes.js';

export type ThreadActivityKind =
  | 'POST_ADDED' | 'POST_EDITED' | 'POST_DELETED' | 'REACTIONS_CHANGED'
  | 'THREAD_RETITLED' | 'THREAD_RETAGGED' | 'THREAD_LOCKED' | 'THREAD_UNLOCKED' | 'THREAD_PINNED' | 'THREAD_UNPINNED'
  | 'THREAD_MOVED' | 'THREAD_DELETED' | 'RESYNC';

export type CategoryActivityKind = 'THREAD_CREATED' | 'THREAD_MOVED_IN' | 'THREAD_MOVED_OUT' | 'THREAD_DELETED' | 'RESYNC';

/**
 * Where an event stands in its channel: `thread:<id>` or `category:<id>`, and its position there (1, 2, ...), given
 * by the writing transaction under the row's lock, so positions follow commit order (src/live/backlog.ts). Absent
 * until the transaction has recorded the event.
 */
export interface Position { channel: string; seq: number }

/** One thread's page changed. postId for the post events (POST_*, REACTIONS_CHANGED). */
export interface ThreadEvent extends Partial<Position> { topic: 'thread'; slug: string; kind: ThreadActivityKind; postId?: number }

/** One category's thread list changed. threadSlug: the thread that came, left or went (absent for RESYNC). */
export interface CategoryEvent extends Partial<Position> { topic: 'category'; slug: string; kind: CategoryActivityKind; threadSlug?: string }

export type LiveEvent = ThreadEvent | CategoryEvent;
/** An event with its position: what the bus carries and the backlog keeps. */
export type PositionedEvent = LiveEvent & Position;

export const channelOf = (kind: 'thread' | 'category', id: number | string) => `${kind}:${id}`;

/** Where subscribers of one thread's or one category's activity listen (one topic per page). */
export const topicOf = (event: Pick<LiveEvent, 'topic' | 'slug'>) => `${event.topic}:${event.slug}`;

const thread = (slug: string, kind: ThreadActivityKind, postId?: number): ThreadEvent =>
  postId === undefined ? { topic: 'thread', slug, kind } : { topic: 'thread', slug, kind, postId };
const category = (slug: string, kind: CategoryActivityKind, threadSlug: string): CategoryEvent =>
  ({ topic: 'category', slug, kind, threadSlug });

function eventsOf(change: DomainChange): LiveEvent[] {
  switch (change.type) {
    case 'thread.created':
      return [category(change.thread.categorySlug, 'THREAD_CREATED', change.thread.slug)];
    case 'thread.deleted':
      return [
        thread(change.thread.slug, 'THREAD_DELETED'),
        category(change.thread.categorySlug, 'THREAD_DELETED', change.thread.slug),
      ];
    case 'thread.updated': {
      const { slug, categorySlug, isPinned } = change.thread;
      const out: LiveEvent[] = [];
      for (const field of change.fields) {
        if (field === 'title') out.push(thread(slug, 'THREAD_RETITLED'));
        if (field === 'tags') out.push(thread(slug, 'THREAD_RETAGGED'));
        if (field === 'pinned') out.push(thread(slug, isPinned ? 'THREAD_PINNED' : 'THREAD_UNPINNED'));
        // A row of an older version does not say which way the lock went: the page refetches the thread either way.
        if (field === 'locked') out.push(thread(slug, change.isLocked === false ? 'THREAD_UNLOCKED' : 'THREAD_LOCKED'));
        if (field === 'category') {
          out.push(thread(slug, 'THREAD_MOVED'),
            category(change.fromCategorySlug, 'THREAD_MOVED_OUT', slug), category(categorySlug, 'THREAD_MOVED_IN', slug));
        }
      }
      return out;
    }
    case 'post.created':
      return [thread(change.thread.slug, 'POST_ADDED', change.postId)];
    case 'post.deleted':
      return [thread(change.thread.slug, 'POST_DELETED', change.postId)];
    case 'post.edited':
      return [thread(change.threadSlug, 'POST_EDITED', change.postId)];
    case 'reaction.set':
      return [thread(change.threadSlug, 'REACTIONS_CHANGED', change.postId)];
    default:
      // Categories' own fields and roles show on no thread page's events; a cleared cache is announced by the
      // caller as a resync of every subscriber (see resyncAll in liveEventsOf's result).
      return [];
  }
}

export interface Announcement {
  events: PositionedEvent[];
  /** Every subscriber should refetch: the cache was cleared after manual database edits, or a row was unreadable. */
  resyncAll: boolean;
}

/** What subscribers are told about a batch of changes, in the order the changes were made (not yet positioned). */
export function liveEventsOf(changes: readonly DomainChange[]): LiveEvent[] {
  return changes.flatMap(eventsOf);
}

/** Every subscriber must refetch: the cache was cleared after manual database edits (no event says what changed). */
export const resyncsAll = (changes: readonly DomainChange[]) => changes.some((c) => c.type === 'cache.cleared');
