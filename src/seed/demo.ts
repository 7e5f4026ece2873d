// The demo forum an empty database gets on first start (SEED_DEMO), so Sandbox shows something real.
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import { recountCategories } from '../data/category-counts.js';
import type { Db } from '../db/client.js';
import { categories, posts, reactions, reports, threadReads, threads, users } from '../db/schema.js';
import { renderPost } from '../render/render.js';
import { threadSlug } from '../services/slug.js';
import { loadDemoForum } from './demo-forum.js';

/** Every demo account signs in with this password (README). */
export const DEMO_PASSWORD = 'plants-are-friends';

export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(categories);
  return rows[0]!.n === 0;
}

export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  const { users: demoUsers, categories: demoCategories, threads: demoThreads } = await loadDemoForum();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const userRows = await tx.insert(users)
      .values(demoUsers.map((u) => ({ ...u, passwordHash, createdAt: new Date(now.getTime() - 90 * 86_400_000) })))
      .returning({ id: users.id, username: users.username });
    const userId = new Map(userRows.map((u) => [u.username, u.id]));
    // The demo's bodies are Markdown: rendered here, as a mutation renders them (a small, trusted set: no worker).
    const mentionable = new Map(userRows.map((u) => [u.username.toLowerCase(), u]));

    const categoryId = new Map<string, number>();
    for (const c of demoCategories) {
      const [row] = await tx.insert(categories).values({
        slug: c.slug, name: c.name, description: c.description, icon: c.icon, displayOrder: c.displayOrder,
        parentId: c.parentSlug ? categoryId.get(c.parentSlug)! : null,
      }).returning({ id: categories.id });
      categoryId.set(c.slug, row!.id);
    }

    for (const t of demoThreads) {
      const start = now.getTime() - t.daysAgo * 86_400_000;
      const at = (minutes: number) => new Date(Math.min(start + minutes * 60_000, now.getTime()));
      const last = at(t.posts.at(-1)!.minutesAfterStart);
      const [thread] = await tx.insert(threads).values({
        slug: threadSlug(t.title), categoryId: categoryId.get(t.category)!, authorId: userId.get(t.author)!,
        title: t.title, tags: t.tags, isPinned: t.isPinned ?? false, isLocked: t.isLocked ?? false,
        postCount: t.posts.length, createdAt: at(0), updatedAt: at(0), lastActivityAt: last,
      }).returning({ id: threads.id });
      const postRows = await tx.insert(posts).values(t.posts.map((p, i) => {
        const rendered = renderPost(p.body, mentionable);
        return {
          threadId: thread!.id, number: i + 1, authorId: userId.get(p.author)!, body: p.body, createdAt: at(p.minutesAfterStart),
          bodyHtml: rendered.html, bodyText: rendered.text, mentionIds: rendered.mentionIds, renderVersion: rendered.version,
        };
      })).returning({ id: posts.id });
      // Replies and the accepted answer name posts by their index in the thread: set once the posts have ids.
      for (const [i, p] of t.posts.entries()) {
        if (p.replyTo !== undefined) {
          await tx.update(posts).set({ replyToId: postRows[p.replyTo]!.id }).where(eq(posts.id, postRows[i]!.id));
        }
      }
      if (t.answer !== undefined) {
        await tx.update(threads).set({ answerPostId: postRows[t.answer]!.id }).where(eq(threads.id, thread!.id));
      }
      const marks = (t.readBy ?? []).map((r) => ({
        userId: userId.get(r.user)!, threadId: thread!.id, lastReadPostNumber: r.upToPost, updatedAt: last,
      }));
      if (marks.length > 0) await tx.insert(threadReads).values(marks);
      const reactionRows = t.posts.flatMap((p, i) =>
        p.reactions.map((r) => ({ postId: postRows[i]!.id, userId: userId.get(r.user)!, type: r.type })));
      if (reactionRows.length > 0) await tx.insert(reactions).values(reactionRows);
      const reportRows = t.posts.flatMap((p, i) => (p.reports ?? []).map((r) => ({
        postId: postRows[i]!.id, reporterId: userId.get(r.user)!, reason: r.reason, note: r.note ?? null, createdAt: last,
      })));
      if (reportRows.length > 0) await tx.insert(reports).values(reportRows);
    }
    // The categories' counts kept in their rows (src/data/category-counts.ts), from the threads just written.
    await recountCategories(tx);
  });
}
