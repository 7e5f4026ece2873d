// Thread mutations: each runs in one transaction, then invalidates what it changed after the commit.
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { stamps } from '../cache/keys.js';
import type { Database } from '../db/client.js';
import type { ThreadRow } from '../db/schema.js';
import { findCategoryBySlug, findCategoriesByIds } from '../data/categories.data.js';
import { insertPost } from '../data/posts.data.js';
import { findLiveThreadBySlug, insertThread, updateThread } from '../data/threads.data.js';
import { forbidden, notFound } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';
import * as validate from '../validation.js';
import { threadSlug } from './slug.js';

export interface CreateThreadInput { categorySlug: string; title: string; body: string; tags?: string[] | null }
export interface UpdateThreadInput {
  title?: string | null; tags?: string[] | null; categorySlug?: string | null; isPinned?: boolean | null; isLocked?: boolean | null;
}

export class ThreadService {
  constructor(private readonly database: Database, private readonly cache: ForumCacheService) {}

  async create(viewer: Viewer, input: CreateThreadInput): Promise<ThreadRow> {
    const title = validate.title(input.title);
    const body = validate.body(input.body);
    const tags = validate.tags(input.tags ?? []);
    const thread = await this.database.db.transaction(async (tx) => {
      const category = await findCategoryBySlug(tx, input.categorySlug);
      if (!category) throw notFound(`category "${input.categorySlug}"`);
      let created: ThreadRow | null = null;
      // Slugs end in a short random suffix: on the rare collision, draw another.
      for (let attempt = 0; !created && attempt < 8; attempt++) {
        created = await insertThread(tx, { slug: threadSlug(title), categoryId: category.id, authorId: viewer.id, title, tags });
      }
      if (!created) throw new Error('createThread: no free slug after 8 attempts');
      await insertPost(tx, { threadId: created.id, authorId: viewer.id, body, createdAt: created.createdAt });
      return created;
    });
    await this.cache.invalidate([
      stamps.thread(thread.slug), stamps.categoryLists(input.categorySlug), stamps.globalLists(),
      stamps.category(input.categorySlug),
    ]);
    return thread;
  }

  async update(viewer: Viewer, slug: string, input: UpdateThreadInput): Promise<ThreadRow> {
    const title = input.title == null ? undefined : validate.title(input.title);
    const tags = input.tags == null ? undefined : validate.tags(input.tags);
    const { before, after, oldCategory, newCategory } = await this.database.db.transaction(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, slug, true);
      if (!thread) throw notFound(`thread "${slug}"`);
      const target = input.categorySlug == null ? null : await findCategoryBySlug(tx, input.categorySlug);
      if (input.categorySlug != null && !target) throw notFound(`category "${input.categorySlug}"`);
      const moderating = input.isPinned != null || input.isLocked != null || input.categorySlug != null;
      if (moderating && !isModerator(viewer)) throw forbidden('Pinning, locking and moving threads needs a moderator');
      if (thread.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may edit this thread');
      const [current] = await findCategoriesByIds(tx, [thread.categoryId]);
      const updated = await updateThread(tx, thread.id, {
        title, tags,
        categoryId: target?.id,
        isPinned: input.isPinned ?? undefined,
        isLocked: input.isLocked ?? undefined,
      });
      return { before: thread, after: updated, oldCategory: current!.slug, newCategory: target?.slug ?? current!.slug };
    });
    const changed: string[] = [stamps.thread(slug)];
    if (before.title !== after.title) changed.push(stamps.searchLists());
    const reordered = before.isPinned !== after.isPinned || before.categoryId !== after.categoryId
      || before.tags.join(',') !== after.tags.join(',');
    if (reordered) changed.push(stamps.categoryLists(oldCategory), stamps.categoryLists(newCategory), stamps.globalLists());
    if (oldCategory !== newCategory) changed.push(stamps.category(oldCategory), stamps.category(newCategory));
    await this.cache.invalidate(changed);
    return after;
  }

  async delete(viewer: Viewer, slug: string): Promise<boolean> {
    const categorySlug = await this.database.db.transaction(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, slug, true);
      if (!thread) throw notFound(`thread "${slug}"`);
      if (thread.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may delete this thread');
      await updateThread(tx, thread.id, { deletedAt: new Date() });
      const [category] = await findCategoriesByIds(tx, [thread.categoryId]);
      return category!.slug;
    });
    await this.cache.invalidate([
      stamps.thread(slug), stamps.categoryLists(categorySlug), stamps.globalLists(), stamps.category(categorySlug),
    ]);
    return true;
  }
}
