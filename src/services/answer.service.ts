// Accepted answers: a thread's author or a moderator marks one live post of the thread as its answer (replacing the
// previous one) or clears it. One transaction each, under the thread row lock, recording what changed.
import type { DomainChange } from '../cache/changes.js';
import type { Db } from '../db/client.js';
import type { ThreadRow } from '../db/schema.js';
import { findLivePostById, findPostAuthors } from '../data/posts.data.js';
import { findLiveThreadById, findLiveThreadBySlug, setAnswer } from '../data/threads.data.js';
import { forbidden, notFound } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';
import { parseId } from '../model/global-id.js';
import type { Mutations } from './mutation.js';

export class AnswerService {
  constructor(private readonly mutations: Mutations) {}

  /** Marks a live post as its thread's answer; returns the thread's slug. Marking the current answer changes nothing. */
  async mark(viewer: Viewer, postId: string): Promise<string> {
    return this.mutations.run(async (tx) => {
      const id = parseId(postId, 'Post');
      const found = id === null ? null : await findLivePostById(tx, id);
      const thread = found === null ? null : await findLiveThreadById(tx, found.threadId, true);
      // Read again under the thread's lock: a deletion committed meanwhile would otherwise leave a deleted answer.
      const post = thread === null ? null : await findLivePostById(tx, found!.id);
      if (!post || !thread) throw notFound(`post ${postId}`);
      mayAnswer(viewer, thread);
      if (thread.answerPostId === post.id) return { result: thread.slug, changes: [] };
      await setAnswer(tx, thread.id, post.id);
      return { result: thread.slug, changes: await answerChanged(tx, thread, [post.id, thread.answerPostId]) };
    });
  }

  /** Clears a thread's answer; returns its slug. A thread without one is returned unchanged. */
  async unmark(viewer: Viewer, threadSlug: string): Promise<string> {
    return this.mutations.run(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, threadSlug, true);
      if (!thread) throw notFound(`thread "${threadSlug}"`);
      mayAnswer(viewer, thread);
      if (thread.answerPostId === null) return { result: thread.slug, changes: [] };
      await setAnswer(tx, thread.id, null);
      return { result: thread.slug, changes: await answerChanged(tx, thread, [thread.answerPostId]) };
    });
  }
}

function mayAnswer(viewer: Viewer, thread: ThreadRow): void {
  if (thread.authorId !== viewer.id && !isModerator(viewer)) {
    throw forbidden("Only the thread's author or a moderator may mark or clear its answer");
  }
}

/** The thread and the posts whose isAnswer changed; their authors' profiles list those posts. */
async function answerChanged(tx: Db, thread: ThreadRow, postIds: (number | null)[]): Promise<DomainChange[]> {
  const ids = postIds.filter((id): id is number => id !== null);
  const authors = await findPostAuthors(tx, ids);
  return [
    { type: 'answer.changed', threadSlug: thread.slug, postIds: ids },
    { type: 'user.content', userIds: [...new Set(authors)] },
  ];
}
