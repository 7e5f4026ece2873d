// The fault suite's consistency checker judges every read of the drill: a false "stale" fails CI for nothing, and a
// missed one hides a real stale read. These cases pin both sides on histories built by hand.
import { describe, expect, it } from 'vitest';
import { Checker, MAX_RELEVANT } from '../faults/consistency/checker.js';
import { History, type MutationRecord } from '../faults/consistency/history.js';
import type { PostState, ThreadState } from '../faults/consistency/model.js';
import { profileRead } from '../faults/consistency/reads.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));
let nextId = 1;

function thread(slug: string, author: string): { thread: ThreadState; firstPost: PostState } {
  const id = nextId++;
  return {
    thread: { slug, id, title: slug, categorySlug: 'general', tags: [], isPinned: false, isLocked: false,
      createdAt: new Date().toISOString(), author, deleted: false, postIds: [id] },
    firstPost: post(slug, author, id),
  };
}
function post(threadSlug: string, author: string, id = nextId++): PostState {
  return { id, threadSlug, author, body: `b${id}`, createdAt: new Date().toISOString(), deleted: false, edited: false, reactions: new Set() };
}

async function createThread(history: History, slug: string, author: string) {
  const record = history.begin('createThread', [], [`c:general`, `u:${author}`]);
  await tick();
  history.finish(record, { kind: 'createThread', ...thread(slug, author) }, { threads: [slug] });
  await tick();
}
async function createPost(history: History, slug: string, author: string): Promise<MutationRecord & { postId: number }> {
  const record = history.begin('createPost', [slug], [`u:${author}`]);
  const p = post(slug, author);
  await tick();
  history.finish(record, { kind: 'createPost', post: p });
  await tick();
  return Object.assign(record, { postId: p.id });
}

/** A history and the checker that judges reads against it. */
function checked() {
  const history = new History();
  return { history, checker: new Checker(history) };
}

const profile = (postCount: number) => ({ user: { username: 'member9', displayName: 'member9', threadCount: 0, postCount } });

describe('consistency checker', () => {
  it('accepts a reply to a thread that was created while the read ran, shown in its author\'s profile', async () => {
    const { history, checker } = checked();
    await createThread(history, 'old', 'alice');
    const window = history.openRead();
    await tick();
    // Someone else's new thread, and member9's reply to it, both begin and answer while the profile is read.
    await createThread(history, 'fresh', 'alice');
    await createPost(history, 'fresh', 'member9');
    history.closeRead(window);
    checker.submit(profileRead(window, 'member9', profile(1)));
    expect(checker.failures).toEqual([]);
    expect(checker.stats.reads).toBe(1);
  });

  it('fails a profile that misses a deletion answered before the read was sent', async () => {
    const { history, checker } = checked();
    await createThread(history, 'old', 'alice');
    const reply = await createPost(history, 'old', 'member9');
    const deletion = history.begin('deletePost', ['old'], ['u:member9']);
    history.finish(deletion, { kind: 'deletePost', postId: reply.postId });
    await tick();
    const window = history.openRead();
    await tick();
    history.closeRead(window);
    checker.submit(profileRead(window, 'member9', profile(1)));
    expect(checker.failures).toHaveLength(1);
    expect(checker.failures[0]).toContain('postCount: showed 1, committed 0');
  });

  it('fails a profile counting a post no mutation made', async () => {
    const { history, checker } = checked();
    const window = history.openRead();
    await tick();
    await createThread(history, 'fresh', 'alice');
    history.closeRead(window);
    checker.submit(profileRead(window, 'member9', profile(1)));
    expect(checker.failures).toHaveLength(1);
  });
});

describe('consistency checker: values it cannot judge', () => {
  it('counts a read that overlapped a mutation which got no answer as ambiguous, for that reason, and fails nothing', async () => {
    const { history, checker } = checked();
    await createThread(history, 'old', 'alice');
    const window = history.openRead();
    const lost = history.begin('createPost', ['old'], ['u:member9']);
    await tick();
    history.lose(lost);
    history.closeRead(window);
    checker.submit(profileRead(window, 'member9', profile(7)));
    expect(checker.failures).toEqual([]);
    expect(checker.stats).toMatchObject({ reads: 1, ambiguous: 1, ambiguousUnanswered: 1, ambiguousCrowded: 0 });
  });

  it(`counts a value with more than ${MAX_RELEVANT} overlapping mutations bearing on it as ambiguous, for that reason`, async () => {
    const { history, checker } = checked();
    await createThread(history, 'old', 'alice');
    const window = history.openRead();
    await tick();
    for (let i = 0; i <= MAX_RELEVANT; i++) await createPost(history, 'old', 'member9');
    history.closeRead(window);
    checker.submit(profileRead(window, 'member9', profile(5)));
    expect(checker.failures).toEqual([]);
    expect(checker.stats.ambiguousCrowded).toBeGreaterThan(0);
    expect(checker.stats).toMatchObject({ reads: 1, ambiguousUnanswered: 0 });
    expect(checker.stats.ambiguous).toBe(checker.stats.ambiguousCrowded);
  });
});
