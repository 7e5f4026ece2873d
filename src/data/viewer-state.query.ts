// What is the viewer's own on a page, in one statement: their read marks on its threads (with the live posts by others
// after each mark) and their reactions on its posts. Per viewer: never part of a shared cache entry. One named
// prepared statement (src/data/prepared.ts), so a signed-in page pays one round trip for all of it.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reactions, threadReads, type ReactionTypeName } from '../db/schema.js';
import { arrayParam, preparedAnywhere } from './prepared.js';
import { unreadAfterMark, type ReadStateRow } from './thread-reads.data.js';

const USER = sql.placeholder('userId');

const viewerState = preparedAnywhere((db: Db) => {
  const marks = db.select({
    threadId: sql<number | null>`${threadReads.threadId}`,
    lastReadPostNumber: sql<number | null>`${threadReads.lastReadPostNumber}`,
    unreadCount: sql<number | null>`(select count(*)::int ${unreadAfterMark(sql`${USER}::int`)})`,
    postId: sql<number | null>`null::int`,
    type: sql<ReactionTypeName | null>`null::text`,
  }).from(threadReads)
    .where(and(eq(threadReads.userId, sql`${USER}::int`), sql`${threadReads.threadId} = any(${sql.placeholder('threadIds')}::int[])`));
  const mine = db.select({
    threadId: sql<number | null>`null::int`,
    lastReadPostNumber: sql<number | null>`null::int`,
    unreadCount: sql<number | null>`null::int`,
    postId: sql<number | null>`${reactions.postId}`,
    type: sql<ReactionTypeName | null>`${reactions.type}`,
  }).from(reactions)
    .where(and(eq(reactions.userId, sql`${USER}::int`), sql`${reactions.postId} = any(${sql.placeholder('postIds')}::int[])`));
  return marks.unionAll(mine).prepare('viewer_state');
});

export interface ViewerState {
  /** The viewer's marks on the threads asked about; threads without a mark are left out. */
  reads: ReadStateRow[];
  /** The viewer's reactions on the posts asked about, one row per reaction. */
  reactions: { postId: number; type: ReactionTypeName }[];
}

/** A user's read marks on these threads and reactions on these posts, in one statement. */
export async function findViewerState(
  db: Db, userId: number, threadIds: readonly number[], postIds: readonly number[],
): Promise<ViewerState> {
  const rows = await viewerState(db).execute({ userId, threadIds: arrayParam(threadIds), postIds: arrayParam(postIds) });
  const out: ViewerState = { reads: [], reactions: [] };
  for (const row of rows) {
    if (row.threadId !== null) {
      out.reads.push({ threadId: row.threadId, lastReadPostNumber: row.lastReadPostNumber!, unreadCount: row.unreadCount! });
    } else if (row.postId !== null && row.type !== null) {
      out.reactions.push({ postId: row.postId, type: row.type });
    }
  }
  return out;
}
