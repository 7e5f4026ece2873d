// Read state (docs/api.md, "Read state"): the viewer's mark on a thread and what is unread after it, and the threads
// with unread posts. Per viewer, read from the database per request (a page's read marks go with the viewer's
// reactions on its posts, in one statement: src/loaders/loaders.ts), on top of the shared thread entries; nothing here
// is stored in the shared cache, and a response showing it is never stored by the anonymous fast path (it is signed
// in: only anonymous requests reach it).
import type { ResponseDeps } from '../cache/response-deps.js';
import type { Db } from '../db/client.js';
import { countUnreadThreads, findUnreadThreadPage } from '../data/thread-reads.data.js';
import type { Loaders } from '../loaders/loaders.js';
import type { ThreadListView } from '../model/views.js';
import { isCursorTime } from '../model/cursor-time.js';
import * as validate from '../validation.js';
import { decodeCursor, encodeCursor } from './cursors.js';

const isUnreadPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && isCursorTime(p[0]) && Number.isSafeInteger(p[1]);

/** A page of unread threads, and its count when asked for. */
export interface UnreadThreadsView extends ThreadListView { count: () => Promise<number> }

export class ReadStateReader {
  constructor(private readonly db: Db, private readonly loaders: Loaders, private readonly deps: ResponseDeps | null) {}

  /** The viewer's mark on a thread and the unread posts after it; null when anonymous or never marked. */
  async readState(threadId: string): Promise<{ lastReadPostNumber: number; unreadCount: number } | null> {
    this.deps?.markUncacheable();
    return this.loaders.viewerReadStateByThreadId.load(Number(threadId));
  }

  /** The threads a user marked that have live posts by others after the mark, by last activity, newest first. */
  async unreadThreads(userId: number, first: number, after: string | null): Promise<UnreadThreadsView> {
    validate.first(first);
    this.deps?.markUncacheable();
    const bound = `unread:${userId}`;
    const position = after === null ? null : decodeCursor(after, bound, isUnreadPosition) as [string, number];
    const rows = await findUnreadThreadPage(this.db, userId, first,
      position === null ? null : { lastActivityAt: new Date(position[0]), id: position[1] });
    const shown = rows.slice(0, first);
    return {
      slugs: shown.map((r) => r.slug),
      cursors: shown.map((r) => encodeCursor(bound, [r.lastActivityAt.toISOString(), r.id])),
      hasNextPage: rows.length > first,
      hasPreviousPage: position !== null,
      totalCount: null,
      count: () => countUnreadThreads(this.db, userId),
    };
  }
}
