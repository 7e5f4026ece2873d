// Post and reaction mutations: one transaction each, recording what changed (src/services/mutation.ts).
import type { DomainChange } from '../cache/changes.js';
import type { Db } from '../db/client.js';
import type { PostRow, ReactionTypeName, ThreadRow } from '../db/schema.js';
import { findFirstPosts, findLivePostById, findLivePostInLiveThread, findPostAuthors, insertPost, updatePost } from '../data/posts.data.js';
import { setReaction, toggleReaction } from '../data/reactions.data.js';
import { findLiveThreadById, findLiveThreadBySlug, refreshPostStats, setAnswer } from '../data/threads.data.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';
import { parseId } from '../model/global-id.js';
import * as validate from '../validation.js';
import type { Renderer } from '../render/render-pool.js';
import type { Mutations } from './mutation.js';
import { renderBody } from './post-rendering.js';
import type { RateLimits } from './rate-limits.js';
import { threadState } from './thread-state.js';

interface PostInThread { post: PostRow; thread: ThreadRow }

export class PostService {
  constructor(private readonly mutations: Mutations, private readonly renderer: Renderer, private readonly limits: RateLimits) {}

  /** replyToPostId: a live post of the same thread (NOT_FOUND when none is live, BAD_USER_INPUT in another thread). */
  async create(viewer: Viewer, threadSlug: string, rawBody: string, replyToPostId: string | null = null): Promise<PostRow> {
    const body = validate.body(rawBody);
    // Rendered first: a body past the rendering bounds is BAD_USER_INPUT, which precedes NOT_FOUND and FORBIDDEN.
    const rendered = await renderBody(this.mutations.db, this.renderer, body);
    return this.limits.counted(viewer, 'post', () => this.mutations.run(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, threadSlug, true);
      if (!thread) throw notFound(`thread "${threadSlug}"`);
      if (thread.isLocked && !isModerator(viewer)) throw forbidden('This thread is locked: only moderators may post');
      const parent = replyToPostId === null ? null : await replyTarget(tx, replyToPostId, thread);
      const created = await insertPost(tx, { threadId: thread.id, authorId: viewer.id, ...rendered, replyToId: parent?.id ?? null });
      const after = await refreshPostStats(tx, thread.id);
      const state = threadState(after, after.categorySlug);
      // The parent's replyCount shows on its thread's pages (the thread's stamp) and on its author's profile.
      const userIds = [...new Set([viewer.id, ...(parent ? [parent.authorId] : [])])];
      return { result: created, changes: [
        { type: 'post.created', thread: state, postId: created.id }, { type: 'user.content', userIds },
      ] };
    }));
  }

  /** Returns the post's id. */
  async edit(viewer: Viewer, postId: string, rawBody: string): Promise<number> {
    const body = validate.body(rawBody);
    const rendered = await renderBody(this.mutations.db, this.renderer, body);
    return this.mutations.run(async (tx) => {
      const found = await this.livePost(tx, postId);
      if (found.post.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may edit this post');
      if (found.thread.isLocked && !isModerator(viewer)) throw forbidden('This thread is locked: only moderators may edit its posts');
      await updatePost(tx, found.post.id, { ...rendered, editedAt: new Date() });
      return { result: found.post.id, changes: [
        { type: 'post.edited', threadSlug: found.thread.slug, postId: found.post.id },
        { type: 'user.content', userIds: [found.post.authorId] },
      ] };
    });
  }

  async delete(viewer: Viewer, postId: string): Promise<boolean> {
    return this.mutations.run(async (tx) => {
      // The thread row is locked as createPost locks it: refreshPostStats counts the live posts, and a createPost
      // committing between that count and this update would be lost (READ COMMITTED re-checks the row, not the count).
      const found = await this.livePost(tx, postId, true);
      const [first] = await findFirstPosts(tx, [found.thread.id]);
      if (first?.id === found.post.id) throw badInput("A thread's first post cannot be deleted: delete the thread instead", 'id');
      if (found.post.authorId !== viewer.id && !isModerator(viewer)) throw forbidden('Only the author or a moderator may delete this post');
      return { result: true, changes: await deletePostIn(tx, found.post, found.thread) };
    });
  }

  /** Sets the viewer's reaction on or off (toggle: the opposite of what it is). Returns the post's id. */
  async react(viewer: Viewer, postId: string, type: ReactionTypeName, active: boolean | 'toggle'): Promise<number> {
    return this.mutations.run(async (tx) => {
      const { post, thread } = await this.livePost(tx, postId);
      const changed = active === 'toggle'
        ? await toggleReaction(tx, post.id, viewer.id, type)
        : await setReaction(tx, post.id, viewer.id, type, active);
      return { result: post.id, changes: changed ? [
        { type: 'reaction.set', threadSlug: thread.slug, postId: post.id }, { type: 'user.content', userIds: [post.authorId] },
      ] : [] };
    });
  }

  /** The live post (locked for update) in its live thread (locked too when asked); NOT_FOUND otherwise. */
  private async livePost(tx: Db, postId: string, lockThread = false): Promise<PostInThread> {
    const id = parseId(postId, 'Post');
    if (id !== null && !lockThread) {
      const found = await findLivePostInLiveThread(tx, id); // one statement: reactions and edits
      if (!found) throw notFound(`post ${postId}`);
      return found;
    }
    const post = id === null ? null : await findLivePostById(tx, id, true);
    const thread = post && await findLiveThreadById(tx, post.threadId, lockThread);
    if (!post || !thread) throw notFound(`post ${postId}`);
    return { post, thread };
  }
}

/** Soft-deletes a live post that is not its thread's first (thread locked by the caller); what changed. */
export async function deletePostIn(tx: Db, post: PostRow, thread: ThreadRow): Promise<DomainChange[]> {
  await updatePost(tx, post.id, { deletedAt: new Date() });
  // Deleting the accepted answer clears it: the thread is unanswered again.
  const wasAnswer = thread.answerPostId === post.id;
  if (wasAnswer) await setAnswer(tx, thread.id, null);
  // A reply's parent shows one reply fewer, also on its author's profile. Read before refreshPostStats, which changes
  // the category's counts: the category row stays locked from there to the commit.
  const parent = post.replyToId === null ? null : await findPostAuthors(tx, [post.replyToId]);
  const after = await refreshPostStats(tx, thread.id);
  const state = threadState(after, after.categorySlug);
  const changes: DomainChange[] = [
    { type: 'post.deleted', thread: state, postId: post.id },
    { type: 'user.content', userIds: [...new Set([post.authorId, ...(parent ?? [])])] },
  ];
  if (wasAnswer) changes.push({ type: 'answer.changed', threadSlug: thread.slug, postIds: [post.id] });
  return changes;
}

/**
 * The post a new post replies to: live (NOT_FOUND otherwise) and in the same thread (BAD_USER_INPUT otherwise). Read
 * under the thread's lock, which its deletion takes too: it cannot be deleted before the reply commits.
 */
async function replyTarget(tx: Db, replyToPostId: string, thread: ThreadRow): Promise<PostRow> {
  const id = parseId(replyToPostId, 'Post');
  const parent = id === null ? null : await findLivePostById(tx, id);
  if (parent?.threadId === thread.id) return parent; // the usual case: one statement
  // A post of another thread is BAD_USER_INPUT only while that thread is live (a deleted thread's posts are gone).
  if (!parent || !await findLiveThreadById(tx, parent.threadId)) throw notFound(`post ${replyToPostId}`);
  throw badInput('replyToPostId must name a post of the same thread', 'replyToPostId');
}
