import type { ThreadState } from '../cache/changes.js';
import type { ThreadRow } from '../db/schema.js';

/** A thread row as written by the transaction, in the words of the change it records (src/cache/changes.ts). */
export const threadState = (row: ThreadRow, categorySlug: string): ThreadState => ({
  id: row.id, slug: row.slug, categorySlug, version: row.version, isPinned: row.isPinned,
  lastActivityAt: row.lastActivityAt.toISOString(), createdAt: row.createdAt.toISOString(),
  postCount: row.postCount, live: row.deletedAt === null,
});
