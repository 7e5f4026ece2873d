// Post and reaction mutations: one transaction each, invalidation after the commit.
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { stamps } from '../cache/keys.js';
import type { Database, Db } from '../db/client.js';
import type { PostRow, ReactionTypeName, ThreadRow } from '../db/schema.js';
import { findCategoriesByIds } from '../data/categories.data.js';
import { findFirstPosts, findLivePostById, insertPost, updatePost } from '../data/posts.data.js';
import { hasReaction, setReaction } from '../data/reactions.data.js';
import { findLiveThreadById, findLiveThreadBySlug, refreshPostStats } from '../data/threads.data.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';
import * as validate from '../validation.js';

interface PostInThread { post: PostRow; thread: ThreadRow }

export class PostService {
  constructor(private readonly database: Database, private readonly cache: ForumCacheService) {}

  async create(viewer: Viewer, threadSlug: string, rawBody: string): Promise<PostRow> {
    const body = validate.body(rawBody);
    const { post, categorySlug } = await this.database.db.transaction(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, threadSlug, true);
      if (!thread) throw notFound(`thread "${threadSlug}"`);
      if (thread.isLocked && !isModerator(viewer)) throw forbidden('This thread is locked: only moderators may post');
      const created = await insertPost(tx, { threadId: thread.id, authorId: viewer.id, body });
      await refreshPostStats(tx, thread.id);
      return { post: created, categorySlug: await categorySlugOf(tx, thread) };
    });
    await this.invalidateMembership(threadSlug, categorySlug);
    return post;
  }

  async edit(viewer: Viewer, postId: string, rawBody: string): Promise<number> {
    const body = validate.body(rawBody);
    const { thread } = await this.database.db.transaction(async (tx) => {
      const found = await this.livePost(tx, postId);
      if (found.post.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may edit this post');
      if (found.thread.isLocked && !isModerator(viewer)) throw forbidden('This thread is locked: only moderators may edit its posts');
      await updatePost(tx, found.post.id, { body, editedAt: new Date() });
      return found;
    });
    // Bodies are matched by search and the first one is the excerpt; neither changes any other list's order.
    await this.cache.invalidate([stamps.thread(thread.slug), stamps.searchLists()]);
    return thread.id;
  }

  async delete(viewer: Viewer, postId: string): Promise<boolean> {
    const { thread, categorySlug } = await this.database.db.transaction(async (tx) => {
      // The thread row is locked as createPost locks it: refreshPostStats counts the live posts, and a createPost
      // committing between that count and this update would be lost (READ COMMITTED re-checks the row, not the count).
      const found = await this.livePost(tx, postId, true);
      const [first] = await findFirstPosts(tx, [found.thread.id]);
      if (first?.id === found.post.id) throw badInput("A thread's first post cannot be deleted: delete the thread instead", 'id');
      if (found.post.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may delete this post');
      await updatePost(tx, found.post.id, { deletedAt: new Date() });
      await refreshPostStats(tx, found.thread.id);
      return { thread: found.thread, categorySlug: await categorySlugOf(tx, found.thread) };
    });
    await this.invalidateMembership(thread.slug, categorySlug);
    return true;
  }

  /** Sets the viewer's reaction on or off (toggle: the opposite of what it is). Returns the post's id. */
  async react(viewer: Viewer, postId: string, type: ReactionTypeName, active: boolean | 'toggle'): Promise<number> {
    const { post, thread, changed } = await this.database.db.transaction(async (tx) => {
      const found = await this.livePost(tx, postId);
      const on = active === 'toggle' ? !(await hasReaction(tx, found.post.id, viewer.id, type)) : active;
      return { ...found, changed: await setReaction(tx, found.post.id, viewer.id, type, on) };
    });
    if (changed) await this.cache.invalidate([stamps.thread(thread.slug)]);
    return post.id;
  }

  /** The live post (locked for update) in its live thread (locked too when asked); NOT_FOUND otherwise. */
  private async livePost(tx: Db, postId: string, lockThread = false): Promise<PostInThread> {
    const id = validate.id('id', postId);
    const post = id === null ? null : await findLivePostById(tx, id, true);
    const thread = post && await findLiveThreadById(tx, post.threadId, lockThread);
    if (!post || !thread) throw notFound(`post ${postId}`);
    return { post, thread };
  }

  /** A post added or removed changes its thread, its category's counts, and every list's order. */
  private invalidateMembership(threadSlug: string, categorySlug: string) {
    return this.cache.invalidate([
      stamps.thread(threadSlug), stamps.categoryLists(categorySlug), stamps.globalLists(), stamps.category(categorySlug),
    ]);
  }
}

async function categorySlugOf(tx: Db, thread: ThreadRow): Promise<string> {
  const [category] = await findCategoriesByIds(tx, [thread.categoryId]);
  return category!.slug;
}
