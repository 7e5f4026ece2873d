// The operations one client performs: each picks a target from the committed state, records its window in the
// history, sends the request, and hands its answer to the checker. Mutations whose order matters take a
// client-side lock on their entity, so they never overlap (history.ts relies on it).
import { firstCode, TransportError, type GqlResponse, type HttpClient } from '../support/http.js';
import type { Checker } from './checker.js';
import type { History, MutationRecord } from './history.js';
import { liveThread, livePosts, type Effect, type ListFilter, type PostState, type Sort, type ThreadState } from './model.js';
import {
  CATEGORIES_QUERY, CATEGORY_QUERY, LIST_QUERY, PROFILE_QUERY, THREAD_QUERY, categoriesRead, categoryRead, listRead,
  profileRead, threadRead, type ViewCounts, type Writers,
} from './reads.js';
import type { Random } from './random.js';
import { toGlobalId } from '../../../src/model/global-id.js';
import { rowId } from '../support/ids.js';

export interface Account { username: string; token: string; role: 'ADMIN' | 'MODERATOR' | 'MEMBER' }

export const WORDS = ['tomato', 'basil', 'fern', 'cactus', 'orchid', 'mint', 'ivy', 'moss'];
export const TAGS = ['red', 'green', 'blue', 'tall'];

export interface OpContext {
  history: History;
  checker: Checker;
  writers: Writers;
  views: ViewCounts;
  random: Random;
  locks: Set<string>;
  /** Failed requests: HTTP errors, transport errors, and error codes the operation cannot explain. */
  failures: string[];
  unique(): number;
}

export interface ClientState { account: Account; servers: HttpClient[] }

const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) {
  id slug title tags postCount createdAt category { slug } posts { nodes { id createdAt } } } }`;
const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id body createdAt } }`;
const EDIT_POST = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id body editedAt } }`;
const DELETE_POST = `mutation($id: ID!) { deletePost(id: $id) }`;
const TOGGLE = `mutation($id: ID!, $t: ReactionType!) { toggleReaction(postId: $id, type: $t) { id viewerReactions } }`;
const UPDATE_THREAD = `mutation($s: String!, $input: UpdateThreadInput!) { updateThread(slug: $s, input: $input) {
  slug title tags isPinned isLocked category { slug } } }`;
const DELETE_THREAD = `mutation($s: String!) { deleteThread(slug: $s) }`;
const MARK_ANSWER = `mutation($p: ID!) { markAnswer(postId: $p) { slug answer { id } } }`;
const UNMARK_ANSWER = `mutation($s: String!) { unmarkAnswer(threadSlug: $s) { slug answer { id } } }`;
const UPDATE_CATEGORY = `mutation($s: String!, $input: UpdateCategoryInput!) { updateCategory(slug: $s, input: $input) { slug name displayOrder } }`;

const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { username displayName } }`;

const isMod = (a: Account) => a.role !== 'MEMBER';

async function send(ctx: OpContext, client: ClientState, what: string, query: string, variables: Record<string, unknown>, token?: string) {
  const server = ctx.random.pick(client.servers);
  try {
    return await server.gql(query, variables, token);
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    ctx.failures.push(`${what} on ${server.baseUrl}: ${error.message}`);
    return null;
  }
}

/** Runs a mutation: expected refusals (the target vanished or was locked meanwhile) are no-ops, anything else a failure. */
async function mutate(
  ctx: OpContext, client: ClientState, record: MutationRecord, query: string, variables: Record<string, unknown>,
  onData: (data: any) => { effect: Effect; threads?: string[]; problems?: string[] },
): Promise<void> {
  const res = await send(ctx, client, record.name, query, variables, client.account.token);
  if (!res) {
    ctx.history.lose(record);
    return;
  }
  if (res.status === 200 && !res.errors && res.data) {
    const { effect, threads, problems } = onData(res.data);
    ctx.history.finish(record, effect, { threads });
    ctx.checker.mutationAnswer(`${record.name}#${record.seq}`, problems ?? []);
    return;
  }
  const code = firstCode(res);
  ctx.history.finish(record, null);
  if (res.status !== 200 || (code !== 'NOT_FOUND' && code !== 'FORBIDDEN')) unexpected(ctx, record.name, res);
}

function unexpected(ctx: OpContext, what: string, res: GqlResponse) {
  ctx.failures.push(`${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
}

function withLock(ctx: OpContext, key: string, run: () => Promise<void>): Promise<void> | null {
  if (ctx.locks.has(key)) return null;
  ctx.locks.add(key);
  return run().finally(() => ctx.locks.delete(key));
}

const liveThreads = (ctx: OpContext) => [...ctx.history.committed.threads.values()].filter((t) => !t.deleted);
const text = (ctx: OpContext, prefix: string) =>
  `${ctx.random.pick(WORDS)} ${ctx.random.pick(WORDS)} ${prefix}${ctx.unique()}`;

export function createThread(ctx: OpContext, client: ClientState, categorySlug?: string): Promise<void> {
  const category = categorySlug ?? ctx.random.pick([...ctx.history.committed.categories.keys()]);
  const title = text(ctx, 't');
  const body = text(ctx, 'b');
  const tags = ctx.random.sample(TAGS, ctx.random.int(0, 2));
  const record = ctx.history.begin('createThread', [], [`c:${category}`, `u:${client.account.username}`]);
  ctx.writers.set(`title:${title}`, record);
  ctx.writers.set(`body:${body}`, record);
  return mutate(ctx, client, record, CREATE_THREAD, { input: { categorySlug: category, title, body, tags } }, (data) => {
    const t = data.createThread;
    const first = t.posts.nodes[0];
    ctx.writers.set(`thread:${t.slug}`, record);
    ctx.writers.set(`post:${first.id}`, record);
    const thread: ThreadState = {
      slug: t.slug, id: rowId(t.id), title, categorySlug: category, tags, isPinned: false, isLocked: false,
      createdAt: t.createdAt, author: client.account.username, deleted: false, postIds: [rowId(first.id)],
    };
    const firstPost: PostState = {
      id: rowId(first.id), threadSlug: t.slug, author: client.account.username, body, createdAt: first.createdAt,
      deleted: false, edited: false, reactions: new Set(),
    };
    const problems = [];
    if (t.title !== title || t.category.slug !== category || t.postCount !== 1 || t.tags.join() !== tags.join()) {
      problems.push(`answer ${JSON.stringify(t).slice(0, 200)} is not what was created`);
    }
    return { effect: { kind: 'createThread', thread, firstPost }, threads: [t.slug], problems };
  });
}

export function createPost(ctx: OpContext, client: ClientState, slug?: string): Promise<void> | null {
  const open = liveThreads(ctx).filter((t) => (!t.isLocked || isMod(client.account)) && (slug === undefined || t.slug === slug));
  if (open.length === 0) return null;
  const thread = ctx.random.pick(open);
  const body = text(ctx, 'b');
  const record = ctx.history.begin('createPost', [thread.slug], [`u:${client.account.username}`]);
  ctx.writers.set(`body:${body}`, record);
  return mutate(ctx, client, record, CREATE_POST, { input: { threadSlug: thread.slug, body } }, (data) => {
    const p = data.createPost;
    ctx.writers.set(`post:${p.id}`, record);
    const post: PostState = {
      id: rowId(p.id), threadSlug: thread.slug, author: client.account.username, body, createdAt: p.createdAt,
      deleted: false, edited: false, reactions: new Set(),
    };
    return { effect: { kind: 'createPost', post }, problems: p.body === body ? [] : [`answer body ${p.body}`] };
  });
}

function editablePosts(ctx: OpContext, client: ClientState, withFirst: boolean): { thread: ThreadState; post: PostState }[] {
  const state = ctx.history.committed;
  return liveThreads(ctx).filter((t) => !t.isLocked || isMod(client.account)).flatMap((thread) => {
    const posts = livePosts(state, thread);
    return (withFirst ? posts : posts.filter((p) => p.id !== thread.postIds[0]))
      .filter((p) => isMod(client.account) || p.author === client.account.username)
      .map((post) => ({ thread, post }));
  });
}

export function editPost(ctx: OpContext, client: ClientState): Promise<void> | null {
  const candidates = editablePosts(ctx, client, true).filter((c) => !ctx.locks.has(`post:${c.post.id}`));
  if (candidates.length === 0) return null;
  const { thread, post } = ctx.random.pick(candidates);
  const body = text(ctx, 'b');
  return withLock(ctx, `post:${post.id}`, () => {
    const record = ctx.history.begin('editPost', [thread.slug]);
    ctx.writers.set(`body:${body}`, record);
    return mutate(ctx, client, record, EDIT_POST, { id: String(post.id), body }, (data) => ({
      effect: { kind: 'editPost', postId: post.id, body },
      problems: data.editPost.body === body && data.editPost.editedAt ? [] : [`answer ${JSON.stringify(data.editPost)}`],
    }));
  });
}

export function deletePost(ctx: OpContext, client: ClientState, slug?: string): Promise<void> | null {
  const candidates = editablePosts(ctx, client, false)
    .filter((c) => !ctx.locks.has(`post:${c.post.id}`) && (slug === undefined || c.thread.slug === slug));
  if (candidates.length === 0) return null;
  const { thread, post } = ctx.random.pick(candidates);
  return withLock(ctx, `post:${post.id}`, () => {
    const record = ctx.history.begin('deletePost', [thread.slug], [`u:${post.author}`]);
    return mutate(ctx, client, record, DELETE_POST, { id: String(post.id) }, () => ({ effect: { kind: 'deletePost', postId: post.id } }));
  });
}

export function toggleReaction(ctx: OpContext, client: ClientState): Promise<void> | null {
  const state = ctx.history.committed;
  const posts = liveThreads(ctx).flatMap((t) => livePosts(state, t));
  if (posts.length === 0) return null;
  const post = ctx.random.pick(posts);
  const type = ctx.random.pick(['LIKE', 'HELPFUL', 'LOVE'] as const);
  const key = `${client.account.username}:${type}`;
  const predicted = !post.reactions.has(key);
  const record = ctx.history.begin('toggleReaction', [post.threadSlug]);
  return mutate(ctx, client, record, TOGGLE, { id: String(post.id), t: type }, (data) => {
    const active = data.toggleReaction.viewerReactions.includes(type);
    return {
      effect: { kind: 'react', postId: post.id, key, active },
      problems: active === predicted ? [] : [`reaction ${type} on post ${post.id} is ${active}, this client's own history says ${predicted}`],
    };
  });
}

/**
 * markAnswer on a live post of a thread the client may answer (its author, or a moderator), or now and then
 * unmarkAnswer. Holds the thread's lock and the post's: a deletePost of that post must not overlap it (the order
 * decides whether the answer is cleared or never set).
 */
export function setAnswer(ctx: OpContext, client: ClientState): Promise<void> | null {
  const mod = isMod(client.account);
  const state = ctx.history.committed;
  const candidates = liveThreads(ctx).filter((t) => (mod || t.author === client.account.username) && !ctx.locks.has(`thread:${t.slug}`));
  if (candidates.length === 0) return null;
  const thread = ctx.random.pick(candidates);
  if (thread.answerPostId != null && ctx.random.chance(0.3)) {
    return withLock(ctx, `thread:${thread.slug}`, () => {
      const record = ctx.history.begin('unmarkAnswer', [thread.slug]);
      return mutate(ctx, client, record, UNMARK_ANSWER, { s: thread.slug }, (data) => ({
        effect: { kind: 'setAnswer', slug: thread.slug, postId: null },
        problems: data.unmarkAnswer.answer === null ? [] : [`answer ${JSON.stringify(data.unmarkAnswer)}`],
      }));
    });
  }
  const posts = livePosts(state, thread).filter((p) => !ctx.locks.has(`post:${p.id}`));
  if (posts.length === 0) return null;
  const post = ctx.random.pick(posts);
  return withLock(ctx, `thread:${thread.slug}`, () => withLock(ctx, `post:${post.id}`, () => {
    const record = ctx.history.begin('markAnswer', [thread.slug]);
    return mutate(ctx, client, record, MARK_ANSWER, { p: toGlobalId('Post', post.id) }, (data) => ({
      effect: { kind: 'setAnswer', slug: thread.slug, postId: post.id },
      problems: data.markAnswer.answer && rowId(data.markAnswer.answer.id) === post.id ? [] : [`answer ${JSON.stringify(data.markAnswer)}`],
    }));
  }) ?? Promise.resolve());
}

export function updateThread(ctx: OpContext, client: ClientState): Promise<void> | null {
  const mod = isMod(client.account);
  const candidates = liveThreads(ctx).filter((t) => (mod || t.author === client.account.username) && !ctx.locks.has(`thread:${t.slug}`));
  if (candidates.length === 0) return null;
  const thread = ctx.random.pick(candidates);
  const { random } = ctx;
  const input: { title?: string; tags?: string[]; categorySlug?: string; isPinned?: boolean; isLocked?: boolean } = {};
  if (random.chance(0.5)) input.title = text(ctx, 't');
  if (random.chance(0.3)) input.tags = random.sample(TAGS, random.int(0, 3));
  if (mod && random.chance(0.35)) input.categorySlug = random.pick([...ctx.history.committed.categories.keys()]);
  if (mod && random.chance(0.15)) input.isPinned = !thread.isPinned;
  if (mod && random.chance(0.1)) input.isLocked = !thread.isLocked;
  if (Object.keys(input).length === 0) input.title = text(ctx, 't');
  return withLock(ctx, `thread:${thread.slug}`, () => {
    const moved = input.categorySlug !== undefined && input.categorySlug !== thread.categorySlug;
    const record = ctx.history.begin('updateThread', [thread.slug], moved ? [`c:${thread.categorySlug}`, `c:${input.categorySlug}`] : []);
    if (input.title) ctx.writers.set(`title:${input.title}`, record);
    return mutate(ctx, client, record, UPDATE_THREAD, { s: thread.slug, input }, (data) => {
      const t = data.updateThread;
      const want = { ...thread, ...input };
      const shown = { title: t.title, tags: t.tags, isPinned: t.isPinned, isLocked: t.isLocked, categorySlug: t.category.slug };
      const expected = { title: want.title, tags: want.tags, isPinned: want.isPinned, isLocked: want.isLocked, categorySlug: want.categorySlug };
      return {
        effect: { kind: 'updateThread', slug: thread.slug, ...input },
        problems: JSON.stringify(shown) === JSON.stringify(expected) ? [] : [`answer ${JSON.stringify(shown)}, asked for ${JSON.stringify(expected)}`],
      };
    });
  });
}

export function deleteThread(ctx: OpContext, client: ClientState, minLive: number): Promise<void> | null {
  const live = liveThreads(ctx);
  if (live.length <= minLive) return null;
  const candidates = live.filter((t) => (isMod(client.account) || t.author === client.account.username) && !ctx.locks.has(`thread:${t.slug}`));
  if (candidates.length === 0) return null;
  const thread = ctx.random.pick(candidates);
  return withLock(ctx, `thread:${thread.slug}`, () => {
    const record = ctx.history.begin('deleteThread', [thread.slug], [`c:${thread.categorySlug}`]);
    ctx.writers.set(`del:${thread.slug}`, record);
    return mutate(ctx, client, record, DELETE_THREAD, { s: thread.slug }, () => ({ effect: { kind: 'deleteThread', slug: thread.slug } }));
  });
}

export function updateCategory(ctx: OpContext, client: ClientState): Promise<void> | null {
  if (client.account.role !== 'ADMIN') return null;
  const slugs = [...ctx.history.committed.categories.keys()].filter((s) => !ctx.locks.has(`category:${s}`));
  if (slugs.length === 0) return null;
  const slug = ctx.random.pick(slugs);
  const input: { name?: string; displayOrder?: number } = {};
  if (ctx.random.chance(0.7)) input.name = `Name n${ctx.unique()}`;
  if (!input.name || ctx.random.chance(0.4)) input.displayOrder = ctx.random.int(0, 5);
  return withLock(ctx, `category:${slug}`, () => {
    const record = ctx.history.begin('updateCategory', [], [`cat:${slug}`, 'tree']);
    if (input.name) ctx.writers.set(`cname:${input.name}`, record);
    return mutate(ctx, client, record, UPDATE_CATEGORY, { s: slug, input }, (data) => {
      const c = data.updateCategory;
      const ok = (input.name === undefined || c.name === input.name) && (input.displayOrder === undefined || c.displayOrder === input.displayOrder);
      return { effect: { kind: 'updateCategory', slug, ...input }, problems: ok ? [] : [`answer ${JSON.stringify(c)}, asked for ${JSON.stringify(input)}`] };
    });
  });
}

/** The client renames itself: every page showing it must show the new name on the next read. */
export function rename(ctx: OpContext, client: ClientState): Promise<void> | null {
  const { username } = client.account;
  if (ctx.locks.has(`user:${username}`)) return null;
  const displayName = `Name of ${username} n${ctx.unique()}`;
  return withLock(ctx, `user:${username}`, () => {
    const record = ctx.history.begin('updateProfile', [], [`user:${username}`]);
    return mutate(ctx, client, record, UPDATE_PROFILE, { input: { displayName } }, (data) => ({
      effect: { kind: 'rename', username, displayName },
      problems: data.updateProfile.displayName === displayName ? [] : [`answer ${JSON.stringify(data.updateProfile)}, asked for ${displayName}`],
    }));
  });
}

// ---- reads ----

async function read(ctx: OpContext, client: ClientState, what: string, query: string, variables: Record<string, unknown>,
  viewer: Account | null, check: (window: ReturnType<History['openRead']>, data: any) => Parameters<Checker['submit']>[0]) {
  const window = ctx.history.openRead();
  const res = await send(ctx, client, what, query, variables, viewer?.token);
  ctx.history.closeRead(window);
  if (!res) return;
  if (res.status !== 200 || res.errors || !res.data) {
    unexpected(ctx, what, res);
    return;
  }
  ctx.checker.submit(check(window, res.data));
}

export function readThread(ctx: OpContext, client: ClientState, slug?: string): Promise<void> {
  const threads = [...ctx.history.committed.threads.values()];
  const target = slug ?? (ctx.random.chance(0.9) ? ctx.random.pick(threads.filter((t) => !t.deleted)) : ctx.random.pick(threads))?.slug;
  const viewer = ctx.random.chance(0.3) ? null : client.account;
  return read(ctx, client, `thread(${target})`, THREAD_QUERY, { s: target }, viewer,
    (window, data) => threadRead(window, target!, data, viewer?.username ?? null, ctx.writers, ctx.views));
}

export function readList(ctx: OpContext, client: ClientState, usernames: string[]): Promise<void> {
  const { random } = ctx;
  const categories = [...ctx.history.committed.categories.keys()];
  const filter: ListFilter = {};
  const shape = random.int(0, 6);
  if (shape === 1 || shape === 5) filter.categorySlug = random.pick(categories);
  if (shape === 2 || shape === 5) filter.tags = [random.pick(TAGS)];
  if (shape === 3) {
    const name = random.pick(usernames);
    filter.authorUsername = random.chance(0.5) ? name.toUpperCase() : name;
  }
  if (shape === 4 || shape === 6) filter.search = random.pick(WORDS);
  if (shape === 6) filter.categorySlug = random.pick(categories);
  const sort = random.pick(['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'] as Sort[]);
  const first = random.pick([5, 10, 20, 50]);
  return read(ctx, client, 'threads', LIST_QUERY, { f: filter, s: sort, n: first }, random.chance(0.5) ? null : client.account,
    (window, data) => listRead(window, filter, sort, first, data, ctx.writers, ctx.views));
}

export function readProfile(ctx: OpContext, client: ClientState, usernames: string[]): Promise<void> {
  const username = ctx.random.pick(usernames);
  const asked = ctx.random.chance(0.5) ? username.toUpperCase() : username;
  return read(ctx, client, `user(${asked})`, PROFILE_QUERY, { u: asked }, ctx.random.chance(0.5) ? null : client.account,
    (window, data) => profileRead(window, username, data));
}

export function readCategory(ctx: OpContext, client: ClientState): Promise<void> {
  const slug = ctx.random.pick([...ctx.history.committed.categories.keys()]);
  return read(ctx, client, `category(${slug})`, CATEGORY_QUERY, { s: slug }, null,
    (window, data) => categoryRead(window, slug, data, ctx.writers));
}

export function readCategories(ctx: OpContext, client: ClientState): Promise<void> {
  return read(ctx, client, 'categories', CATEGORIES_QUERY, {}, null, (window, data) => categoriesRead(window, data, ctx.writers));
}

export const threadOf = (ctx: OpContext, slug: string) => liveThread(ctx.history.committed, slug);
