// Thread mutations: one transaction each, recording what changed (src/services/mutation.ts).
import type { DomainChange, ThreadField } from '../cache/changes.js';
import type { Db } from '../db/client.js';
import type { ThreadRow } from '../db/schema.js';
import { findCategoryBySlug, findCategoriesByIds } from '../data/categories.data.js';
import { findPosterIds, insertPost } from '../data/posts.data.js';
import { findLiveThreadBySlug, insertThread, updateThread } from '../data/threads.data.js';
import { countThreadCte, moveThreadCte, uncountThread } from '../data/category-counts.js';
import { forbidden, notFound } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';
import * as validate from '../validation.js';
import type { Renderer } from '../render/render-pool.js';
import type { Mutations } from './mutation.js';
import { renderBody } from './post-rendering.js';
import { threadSlug } from './slug.js';
import type { RateLimits } from './rate-limits.js';
import { threadState } from './thread-state.js';

export interface CreateThreadInput { categorySlug: string; title: string; body: string; tags?: string[] | null }
export interface UpdateThreadInput {
  title?: string | null; tags?: string[] | null; categorySlug?: string | null; isPinned?: boolean | null; isLocked?: boolean | null;
}

export class ThreadService {
  constructor(private readonly mutations: Mutations, private readonly renderer: Renderer, private readonly limits: RateLimits) {}

  async create(viewer: Viewer, input: CreateThreadInput): Promise<ThreadRow> {
    const title = validate.title(input.title);
    const body = validate.body(input.body);
    const tags = validate.tags(input.tags ?? []);
    const rendered = await renderBody(this.mutations.db, this.renderer, body);
    return this.limits.counted(viewer, 'post', () => this.mutations.run(async (tx) => {
      const category = await findCategoryBySlug(tx, input.categorySlug);
      if (!category) throw notFound(`category "${input.categorySlug}"`);
      let created: ThreadRow | null = null;
      // Slugs end in a short random suffix: on the rare collision, draw another.
      for (let attempt = 0; !created && attempt < 8; attempt++) {
        created = await insertThread(tx, { slug: threadSlug(title), categoryId: category.id, authorId: viewer.id, title, tags });
      }
      if (!created) throw new Error('createThread: no free slug after 8 attempts');
      // The category's counts gain the thread and its opening post in the post's statement (the last one before the
      // change record), so its row is locked as briefly as it can be.
      await insertPost(tx, { threadId: created.id, authorId: viewer.id, ...rendered, createdAt: created.createdAt },
        [countThreadCte(tx, created.id, 1)]);
      return { result: created, changes: [
        { type: 'thread.created', thread: threadState(created, category.slug) },
        { type: 'user.content', userIds: [viewer.id] },
      ] };
    }));
  }

  async update(viewer: Viewer, slug: string, input: UpdateThreadInput): Promise<ThreadRow> {
    const title = input.title == null ? undefined : validate.title(input.title);
    const tags = input.tags == null ? undefined : validate.tags(input.tags);
    return this.mutations.run(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, slug, true);
      if (!thread) throw notFound(`thread "${slug}"`);
      const target = input.categorySlug == null ? null : await findCategoryBySlug(tx, input.categorySlug);
      if (input.categorySlug != null && !target) throw notFound(`category "${input.categorySlug}"`);
      const moderating = input.isPinned != null || input.isLocked != null || input.categorySlug != null;
      if (moderating && !isModerator(viewer)) throw forbidden('Pinning, locking and moving threads needs a moderator');
      if (thread.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may edit this thread');
      const [current] = await findCategoriesByIds(tx, [thread.categoryId]);
      // A move takes the thread's counts from one category to the other in the thread's own statement.
      const moving = target !== null && target.id !== thread.categoryId;
      const updated = await updateThread(tx, thread.id, {
        title, tags,
        categoryId: target?.id,
        isPinned: input.isPinned ?? undefined,
        isLocked: input.isLocked ?? undefined,
      }, moving ? [...moveThreadCte(tx, thread.id, thread.categoryId, target.id)] : []);
      const fields = changedFields(thread, updated);
      const state = threadState(updated, target?.slug ?? current!.slug);
      return { result: updated, changes: [{
        type: 'thread.updated', thread: state, fields, fromCategorySlug: current!.slug, isLocked: updated.isLocked,
      }] };
    });
  }

  async delete(viewer: Viewer, slug: string): Promise<boolean> {
    return this.mutations.run(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, slug, true);
      if (!thread) throw notFound(`thread "${slug}"`);
      if (thread.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may delete this thread');
      return { result: true, changes: await deleteThreadIn(tx, thread) };
    });
  }
}

/** Soft-deletes a live thread (locked by the caller); what changed: the thread, and every poster's profile lists. */
export async function deleteThreadIn(tx: Db, thread: ThreadRow): Promise<DomainChange[]> {
  const posters = await findPosterIds(tx, thread.id);
  const deleted = await updateThread(tx, thread.id, { deletedAt: new Date() });
  // Its category's counts lose it, in the statement that reads the category's slug (the last before the change record).
  const categorySlug = await uncountThread(tx, thread.id);
  return [
    { type: 'thread.deleted', thread: threadState(deleted, categorySlug) },
    { type: 'user.content', userIds: [...new Set([thread.authorId, ...posters])] },
  ];
}

function changedFields(before: ThreadRow, after: ThreadRow): ThreadField[] {
  const fields: ThreadField[] = [];
  if (before.title !== after.title) fields.push('title');
  if (before.tags.join(',') !== after.tags.join(',')) fields.push('tags');
  if (before.categoryId !== after.categoryId) fields.push('category');
  if (before.isPinned !== after.isPinned) fields.push('pinned');
  if (before.isLocked !== after.isLocked) fields.push('locked');
  return fields;
}
