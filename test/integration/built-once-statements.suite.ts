// Statements built once (src/data/prepared.ts, preparedAnywhere) run on whichever handle they are given: inside a
// mutation's transaction they must see its own uncommitted rows and be undone with it, and a statement first built
// inside a transaction that has ended must still run on the database afterwards.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { findLivePostById } from '../../src/data/posts.data.js';
import { findLiveThreadBySlug, refreshPostStats } from '../../src/data/threads.data.js';
import { posts, threads } from '../../src/db/schema.js';
import type { DbKind } from '../support/forum.js';
import { createPost, rowId } from '../support/seed.js';
import { newThread, seededForum } from './api-helpers.js';

class Rollback extends Error {}

export function defineBuiltOnceStatementsSuite(db: DbKind) {
  describe(`statements built once, run in any transaction (${db})`, () => {
    const s = seededForum({ db, cache: 'off' });
    const database = () => s.forum.app.database.db;

    it('reads a transaction\'s own uncommitted change, and the rollback undoes what it wrote', async () => {
      const slug = await newThread(s.forum, s.seed.alice, 'garden', 'Built once');
      // Built on the database's handle first (a statement is built once, by its first caller).
      const thread = await findLiveThreadBySlug(database(), slug, true);
      expect(thread?.title).toBe('Built once');
      expect((await refreshPostStats(database(), thread!.id)).postCount).toBe(1);
      await expect(database().transaction(async (tx) => {
        await tx.update(threads).set({ title: 'Changed inside' }).where(eq(threads.slug, slug));
        const locked = await findLiveThreadBySlug(tx, slug, true);
        expect(locked?.title).toBe('Changed inside');
        // Written by a statement built once, on this transaction's connection: rolled back with it.
        await tx.update(posts).set({ deletedAt: new Date() }).where(eq(posts.threadId, locked!.id));
        expect((await refreshPostStats(tx, locked!.id)).postCount).toBe(0);
        throw new Rollback();
      })).rejects.toBeInstanceOf(Rollback);
      const after = await findLiveThreadBySlug(database(), slug);
      expect(after?.title).toBe('Built once');
      expect(after?.postCount).toBe(1);
    });

    it('runs on the database once the transaction it was first built in has ended', async () => {
      const slug = await newThread(s.forum, s.seed.bob, 'indoor', 'First built inside');
      const id = rowId(await createPost(s.forum, s.seed.alice.token, slug, 'a reply'));
      // Nothing in this file read a post for update before: the statement is built on this transaction's handle.
      const inside = await database().transaction(async (tx) => findLivePostById(tx, id, true));
      expect(inside?.body).toBe('a reply');
      expect((await findLivePostById(database(), id))?.body).toBe('a reply');
    });
  });
}
