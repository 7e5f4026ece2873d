// The one module that maps what changed (src/cache/changes.ts) to what it makes stale: the generation stamps to
// bump, and the threads whose place in the maintained list indexes must be updated. Pure: unit-tested in
// test/unit/invalidation.test.ts. Applied after commit by the outbox (src/cache/outbox.ts).
import type { DomainChange, ThreadState } from './changes.js';
import { stamps } from './keys.js';

export interface ListUpdate {
  thread: ThreadState;
  /** Category slugs whose indexes must drop the thread (it moved away from them). */
  leftCategories: string[];
}

export interface Effects {
  /** Stamps to bump, de-duplicated. */
  stamps: string[];
  /** Threads to (re)place in, or remove from, the list indexes of their category and of all categories. */
  lists: ListUpdate[];
}

/**
 * A thread's membership or order changed: its own entry, and the stamp-guarded lists of its category and of all
 * categories (filtered lists, which are not maintained on write). Its category's counts come from the category's
 * list index (updated from the same change), so the category's entry does not change. Its reaction counts too: a
 * page's counts entry holds the counts of the posts the page showed, and a post that joins or leaves changes which.
 */
const membership = (thread: ThreadState) => [
  stamps.thread(thread.slug), stamps.reactions(thread.slug), stamps.categoryLists(thread.categorySlug), stamps.globalLists(),
];

function effectsOf(change: DomainChange): { stamps: string[]; list?: ListUpdate } {
  switch (change.type) {
    case 'thread.created':
    case 'thread.deleted':
    case 'post.created':
    case 'post.deleted':
      return { stamps: membership(change.thread), list: { thread: change.thread, leftCategories: [] } };
    case 'thread.updated': {
      const { thread, fields, fromCategorySlug } = change;
      const out = [stamps.thread(thread.slug)];
      // Titles are matched by search; nothing else orders by them. Pins, moves and tags change membership or order.
      if (fields.includes('title')) out.push(stamps.searchLists());
      if (fields.some((f) => f === 'pinned' || f === 'category' || f === 'tags')) {
        out.push(stamps.categoryLists(fromCategorySlug), stamps.categoryLists(thread.categorySlug), stamps.globalLists());
      }
      const leftCategories = fromCategorySlug !== thread.categorySlug ? [fromCategorySlug] : [];
      return { stamps: out, list: { thread, leftCategories } };
    }
    case 'post.edited':
      // A body is matched by search and the first one is the excerpt; neither changes any other list's order.
      return { stamps: [stamps.thread(change.threadSlug), stamps.searchLists()] };
    case 'reaction.set':
      // Counts are entries of their own: the thread's entry and its pages of posts stay as they are.
      return { stamps: [stamps.reactions(change.threadSlug)] };
    case 'answer.changed':
      // The thread shows its answer and its posts their isAnswer; the thread moves between `answered` lists only.
      return { stamps: [stamps.thread(change.threadSlug), stamps.answeredLists()] };
    case 'posts.rerendered':
      // Post pages carry the HTML, thread entries the excerpt, and search reads the plain text, as for an edit.
      return { stamps: [...change.threadSlugs.map((slug) => stamps.thread(slug)), stamps.searchLists()] };
    case 'category.created':
      return {
        stamps: [stamps.category(change.slug), stamps.categoryLists(change.slug), stamps.categoryTree(),
          ...(change.parentSlug === null ? [] : [stamps.category(change.parentSlug)])],
      };
    case 'category.updated':
      // Threads and lists show a category only through its own entry; order among siblings lives in the parent and tree.
      return {
        stamps: [stamps.category(change.slug), stamps.categoryTree(),
          ...(change.parentSlug === null ? [] : [stamps.category(change.parentSlug)])],
      };
    case 'role.changed':
    case 'user.updated':
      // Pages hold author ids; a name, avatar or role shows through the user's own entries: one stamp, however many
      // pages the user appears on.
      return { stamps: [stamps.user(change.userId)] };
    case 'sessions.revoked':
      // Each process keeps the sessions it saw (src/services/session-lookup.ts), used only while this stamp holds.
      return { stamps: [stamps.userSessions(change.userId)] };
    case 'user.created':
      return { stamps: [stamps.username(change.username), ...(change.userId === undefined ? [] : [stamps.user(change.userId)])] };
    case 'user.content':
      // A profile's lists and counts, apart from the user's own entry: posting never re-stamps the pages showing them.
      return { stamps: change.userIds.map((id) => stamps.userContent(id)) };
    case 'cache.cleared':
      return { stamps: [stamps.epoch()] };
    default:
      // An outbox row this version does not know (written by a newer one during a rolling deploy): drop everything.
      return { stamps: [stamps.epoch()] };
  }
}

const THREAD_PREFIX = stamps.thread('');
const REACTIONS_PREFIX = stamps.reactions('');
const LEGACY_PREFIX = stamps.legacyThread('');

/** The legacy thread stamp of a thread's `thread` or `reactions` stamp, else null. */
function legacyOf(stamp: string): string | null {
  if (stamp.startsWith(THREAD_PREFIX)) return LEGACY_PREFIX + stamp.slice(THREAD_PREFIX.length);
  if (stamp.startsWith(REACTIONS_PREFIX)) return LEGACY_PREFIX + stamp.slice(REACTIONS_PREFIX.length);
  return null;
}

/** What a batch of changes makes stale. A thread changed twice keeps its newest state (the highest version). */
export function invalidationsOf(changes: readonly DomainChange[]): Effects {
  const out = new Set<string>();
  const lists = new Map<number, ListUpdate>();
  for (const change of changes) {
    const effects = effectsOf(change);
    for (const stamp of effects.stamps) out.add(stamp);
    const update = effects.list;
    if (!update) continue;
    const seen = lists.get(update.thread.id);
    if (!seen) {
      lists.set(update.thread.id, { thread: update.thread, leftCategories: [...update.leftCategories] });
      continue;
    }
    if (update.thread.version > seen.thread.version) seen.thread = update.thread;
    seen.leftCategories.push(...update.leftCategories);
  }
  for (const update of lists.values()) {
    update.leftCategories = [...new Set(update.leftCategories)].filter((c) => c !== update.thread.categorySlug);
  }
  // Processes of earlier versions read thread entries with reaction counts under the legacy stamp (keys.ts).
  for (const stamp of [...out]) {
    const legacy = legacyOf(stamp);
    if (legacy !== null) out.add(legacy);
  }
  return { stamps: [...out], lists: [...lists.values()] };
}
