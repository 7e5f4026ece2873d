// The checker's model of the forum: immutable states (a new state per applied mutation, sharing what did not
// change), the mutations as effects, and the derived values the API shows (counts, orders, list membership),
// computed by the rules of docs/api.md.

export type ReactionType = 'LIKE' | 'HELPFUL' | 'LOVE';
export type Sort = 'LAST_ACTIVITY' | 'NEWEST' | 'OLDEST' | 'MOST_POSTS' | 'MOST_VIEWED';

export interface ThreadState {
  slug: string; id: number; title: string; categorySlug: string; tags: string[]; isPinned: boolean; isLocked: boolean;
  createdAt: string; author: string; deleted: boolean; postIds: number[];
  /** The accepted answer's post id; absent or null: none. */
  answerPostId?: number | null;
}
export interface PostState {
  id: number; threadSlug: string; author: string; body: string; createdAt: string; deleted: boolean; edited: boolean;
  /** `${username}:${type}` */
  reactions: ReadonlySet<string>;
}
export interface CategoryState { slug: string; id: number; name: string; displayOrder: number; parentSlug: string | null }

export interface State {
  threads: ReadonlyMap<string, ThreadState>;
  posts: ReadonlyMap<number, PostState>;
  categories: ReadonlyMap<string, CategoryState>;
  /** Display names set by updateProfile, by username (a user who never set one shows the username). */
  names: ReadonlyMap<string, string>;
}

export const emptyState = (): State => ({ threads: new Map(), posts: new Map(), categories: new Map(), names: new Map() });

export const displayNameOf = (state: State, username: string) => state.names.get(username) ?? username;

/** A profile's counts: live threads started, and live posts in live threads (opening posts included). */
export function userCounts(state: State, username: string): { threadCount: number; postCount: number } {
  let threadCount = 0;
  let postCount = 0;
  for (const t of state.threads.values()) if (!t.deleted && t.author === username) threadCount++;
  for (const p of state.posts.values()) {
    if (p.deleted || p.author !== username) continue;
    const t = state.threads.get(p.threadSlug);
    if (t && !t.deleted) postCount++;
  }
  return { threadCount, postCount };
}

export type Effect =
  | { kind: 'createCategory'; category: CategoryState }
  | { kind: 'createThread'; thread: ThreadState; firstPost: PostState }
  | { kind: 'createPost'; post: PostState }
  | { kind: 'editPost'; postId: number; body: string }
  | { kind: 'deletePost'; postId: number }
  | { kind: 'react'; postId: number; key: string; active: boolean }
  | { kind: 'updateThread'; slug: string; title?: string; tags?: string[]; categorySlug?: string; isPinned?: boolean; isLocked?: boolean }
  | { kind: 'deleteThread'; slug: string }
  /** markAnswer (postId) or unmarkAnswer (null). */
  | { kind: 'setAnswer'; slug: string; postId: number | null }
  | { kind: 'updateCategory'; slug: string; name?: string; displayOrder?: number }
  | { kind: 'rename'; username: string; displayName: string };

function withThread(state: State, thread: ThreadState): State {
  const threads = new Map(state.threads);
  threads.set(thread.slug, thread);
  return { ...state, threads };
}
function withPost(state: State, post: PostState): State {
  const posts = new Map(state.posts);
  posts.set(post.id, post);
  return { ...state, posts };
}

/** The state after one mutation; the input is never changed. */
export function apply(state: State, effect: Effect): State {
  switch (effect.kind) {
    case 'createCategory': {
      const categories = new Map(state.categories);
      categories.set(effect.category.slug, effect.category);
      return { ...state, categories };
    }
    case 'createThread':
      return withPost(withThread(state, effect.thread), effect.firstPost);
    case 'createPost': {
      const thread = state.threads.get(effect.post.threadSlug);
      const next = withPost(state, effect.post);
      return thread ? withThread(next, { ...thread, postIds: [...thread.postIds, effect.post.id] }) : next;
    }
    case 'editPost': {
      const post = state.posts.get(effect.postId);
      return post ? withPost(state, { ...post, body: effect.body, edited: true }) : state;
    }
    case 'deletePost': {
      const post = state.posts.get(effect.postId);
      if (!post) return state;
      const next = withPost(state, { ...post, deleted: true });
      // Deleting the accepted answer clears it.
      const thread = state.threads.get(post.threadSlug);
      return thread?.answerPostId === post.id ? withThread(next, { ...thread, answerPostId: null }) : next;
    }
    case 'setAnswer': {
      const thread = state.threads.get(effect.slug);
      return thread ? withThread(state, { ...thread, answerPostId: effect.postId }) : state;
    }
    case 'react': {
      const post = state.posts.get(effect.postId);
      if (!post) return state;
      const reactions = new Set(post.reactions);
      if (effect.active) reactions.add(effect.key);
      else reactions.delete(effect.key);
      return withPost(state, { ...post, reactions });
    }
    case 'updateThread': {
      const thread = state.threads.get(effect.slug);
      if (!thread) return state;
      const { kind: _k, slug: _s, ...changes } = effect;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return withThread(state, { ...thread, ...defined });
    }
    case 'deleteThread': {
      const thread = state.threads.get(effect.slug);
      return thread ? withThread(state, { ...thread, deleted: true }) : state;
    }
    case 'rename': {
      const names = new Map(state.names);
      names.set(effect.username, effect.displayName);
      return { ...state, names };
    }
    case 'updateCategory': {
      const category = state.categories.get(effect.slug);
      if (!category) return state;
      const categories = new Map(state.categories);
      categories.set(effect.slug, {
        ...category, ...(effect.name !== undefined ? { name: effect.name } : {}),
        ...(effect.displayOrder !== undefined ? { displayOrder: effect.displayOrder } : {}),
      });
      return { ...state, categories };
    }
  }
}

// ---- derived values, as the API shows them ----

export const liveThread = (state: State, slug: string): ThreadState | null => {
  const t = state.threads.get(slug);
  return t && !t.deleted ? t : null;
};

export function livePosts(state: State, thread: ThreadState): PostState[] {
  const out: PostState[] = [];
  for (const id of thread.postIds) {
    const p = state.posts.get(id);
    if (p && !p.deleted) out.push(p);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id));
}

export interface Counts { like: number; helpful: number; love: number }
export function reactionCounts(posts: readonly PostState[]): Counts {
  const c = { like: 0, helpful: 0, love: 0 };
  for (const p of posts) {
    for (const key of p.reactions) {
      const type = key.slice(key.lastIndexOf(':') + 1);
      if (type === 'LIKE') c.like++;
      else if (type === 'HELPFUL') c.helpful++;
      else c.love++;
    }
  }
  return c;
}

export function excerptOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length <= 200 ? text : `${text.slice(0, 199).trimEnd()}…`;
}

export interface ThreadFacts {
  thread: ThreadState; posts: PostState[]; postCount: number; lastActivityAt: string;
}
export function threadFacts(state: State, thread: ThreadState): ThreadFacts {
  const posts = livePosts(state, thread);
  const last = posts.reduce((max, p) => (p.createdAt > max ? p.createdAt : max), '');
  return { thread, posts, postCount: posts.length, lastActivityAt: last || thread.createdAt };
}

export function categoryCounts(state: State, slug: string): { threadCount: number; postCount: number } {
  let threadCount = 0;
  let postCount = 0;
  for (const t of state.threads.values()) {
    if (t.deleted || t.categorySlug !== slug) continue;
    threadCount++;
    postCount += livePosts(state, t).length;
  }
  return { threadCount, postCount };
}

/** Children (or top-level categories for null) in display order, then id. */
export function childrenOf(state: State, parent: string | null): CategoryState[] {
  return [...state.categories.values()].filter((c) => c.parentSlug === parent)
    .sort((a, b) => a.displayOrder - b.displayOrder || a.id - b.id);
}

export interface ListFilter { categorySlug?: string; tags?: string[]; authorUsername?: string; search?: string }

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function matchesSearch(state: State, thread: ThreadState, search: string): boolean {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const docs = [tokens(thread.title), ...livePosts(state, thread).map((p) => tokens(p.body))];
  return words.every((word) => {
    const lexemes = tokens(word);
    if (lexemes.length === 0) return true;
    return docs.some((doc) => lexemes.every((l) => doc.some((t) => t.startsWith(l))));
  });
}

export function matchesFilter(state: State, thread: ThreadState, filter: ListFilter): boolean {
  if (thread.deleted) return false;
  if (filter.categorySlug !== undefined && thread.categorySlug !== filter.categorySlug) return false;
  if (filter.authorUsername !== undefined && thread.author.toLowerCase() !== filter.authorUsername.toLowerCase()) return false;
  if (filter.tags?.length && !filter.tags.every((t) => thread.tags.includes(t.toLowerCase()))) return false;
  if (filter.search?.trim() && !matchesSearch(state, thread, filter.search)) return false;
  return true;
}

/** Every live thread matching the filter, in the list order of docs/api.md (MOST_VIEWED: unordered, views are not modelled). */
export function listOf(state: State, filter: ListFilter, sort: Sort): ThreadFacts[] {
  const rows: ThreadFacts[] = [];
  for (const t of state.threads.values()) if (matchesFilter(state, t, filter)) rows.push(threadFacts(state, t));
  const desc = (a: string | number, b: string | number) => (a < b ? 1 : a > b ? -1 : 0);
  const tail = (a: ThreadFacts, b: ThreadFacts) => desc(a.thread.createdAt, b.thread.createdAt) || b.thread.id - a.thread.id;
  const bySort: Record<Sort, (a: ThreadFacts, b: ThreadFacts) => number> = {
    NEWEST: tail,
    OLDEST: (a, b) => -desc(a.thread.createdAt, b.thread.createdAt) || b.thread.id - a.thread.id,
    LAST_ACTIVITY: (a, b) => desc(a.lastActivityAt, b.lastActivityAt) || tail(a, b),
    MOST_POSTS: (a, b) => b.postCount - a.postCount || tail(a, b),
    MOST_VIEWED: () => 0,
  };
  return rows.sort((a, b) => Number(b.thread.isPinned) - Number(a.thread.isPinned) || bySort[sort](a, b));
}
