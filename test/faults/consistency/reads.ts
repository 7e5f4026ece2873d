// The reads of the workload and how each answer is checked: which values it shows, which mutations can change
// each value (relevance), and what the model says each value is.
import type { Group, ReadCheck } from './checker.js';
import type { MutationRecord, ReadWindow } from './history.js';
import { rowId } from '../support/ids.js';
import {
  categoryCounts, childrenOf, displayNameOf, excerptOf, listOf, liveThread, reactionCounts, threadFacts, userCounts,
  type ListFilter, type Sort, type State,
} from './model.js';

export const THREAD_QUERY = `query T($s: String!) { thread(slug: $s) {
  id slug title tags isPinned isLocked postCount viewCount excerpt lastActivityAt
  author { username displayName } category { slug name threadCount postCount } reactionCounts { like helpful love }
  answer { id }
  posts(first: 50) { totalCount nodes { id body editedAt isAnswer author { username displayName } reactionCounts { like helpful love } viewerReactions } } } }`;

export const LIST_QUERY = `query L($f: ThreadFilter, $s: ThreadSort!, $n: Int!) { threads(filter: $f, sort: $s, first: $n) {
  totalCount pageInfo { hasNextPage }
  nodes { slug title postCount isPinned tags lastActivityAt viewCount author { username displayName } category { slug name } } } }`;

export const PROFILE_QUERY = `query U($u: String!) { user(username: $u) { username displayName threadCount postCount } }`;

/** A user's display name as every page shows it: only that user's profile edits change it. */
const nameGroup = (name: string, author: { username: string; displayName?: string }) =>
  group(name, (r) => r.scopes.includes(`user:${author.username}`), (s) => displayNameOf(s, author.username), author.displayName);

export const CATEGORY_QUERY = `query C($s: String!) { category(slug: $s) {
  slug name displayOrder threadCount postCount parent { slug } children { slug name displayOrder } } }`;

export const CATEGORIES_QUERY = `{ categories { slug name displayOrder threadCount postCount
  children { slug name displayOrder threadCount postCount } } }`;

/** Which mutation wrote a unique value (`title:…`, `body:…`, `thread:slug`, `post:id`, `del:slug`, `cname:…`). */
export class Writers {
  private readonly map = new Map<string, MutationRecord>();
  set(key: string, record: MutationRecord) { this.map.set(key, record); }
  get(key: string) { return this.map.get(key); }
}

/**
 * Per thread, the viewCounts shown so far. Views only grow, but docs/api.md promises only that a view shows within
 * 10 s (and a stored response may hold an older count for a second): a count below an earlier one is reported,
 * not failed.
 */
export class ViewCounts {
  private readonly seen = new Map<string, { end: number; value: number }[]>();
  regressions = 0;
  check(slug: string, value: number, window: ReadWindow): string[] {
    const list = this.seen.get(slug) ?? [];
    const floor = list.reduce((max, o) => (o.end < window.start && o.value > max ? o.value : max), 0);
    list.push({ end: window.end, value });
    if (list.length > 64) list.splice(0, list.length - 64);
    this.seen.set(slug, list);
    if (value >= floor) return [];
    this.regressions++;
    return [`viewCount of ${slug} went down: ${value} after an earlier read showed ${floor}`];
  }
}

const MISSING = '<missing>';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function group(name: string, relevant: (r: MutationRecord) => boolean, expected: (s: State) => unknown, observed: unknown): Group {
  return {
    name, relevant,
    holds: (s) => same(expected(s), observed),
    describe: (s) => `showed ${JSON.stringify(observed)?.slice(0, 200)}, committed ${JSON.stringify(expected(s))?.slice(0, 200)}`,
  };
}

const touches = (slug: string) => (r: MutationRecord) => r.threads.includes(slug);

/** Mutations that can change a category's counts: its own scope, or any thread that is or may become its own. */
function categoryScope(slug: string, state: State, overlapping: MutationRecord[]) {
  const members = new Set([...state.threads.values()].filter((t) => t.categorySlug === slug).map((t) => t.slug));
  for (const r of overlapping) if (r.scopes.includes(`c:${slug}`)) r.threads.forEach((t) => members.add(t));
  return (r: MutationRecord) => r.scopes.includes(`c:${slug}`) || r.threads.some((t) => members.has(t));
}

function categoryGroups(prefix: string, c: any, state: State, overlapping: MutationRecord[], withCounts: boolean): Group[] {
  const own = (r: MutationRecord) => r.scopes.includes(`cat:${c.slug}`);
  const groups = [group(`${prefix}.name`, own, (s) => s.categories.get(c.slug)?.name ?? MISSING, c.name)];
  if (c.displayOrder !== undefined) {
    groups.push(group(`${prefix}.displayOrder`, own, (s) => s.categories.get(c.slug)?.displayOrder ?? MISSING, c.displayOrder));
  }
  if (withCounts && c.threadCount !== undefined) {
    const counts = categoryScope(c.slug, state, overlapping);
    groups.push(group(`${prefix}.threadCount`, counts, (s) => categoryCounts(s, c.slug).threadCount, c.threadCount));
    groups.push(group(`${prefix}.postCount`, counts, (s) => categoryCounts(s, c.slug).postCount, c.postCount));
  }
  if (c.children) {
    const tree = (r: MutationRecord) => r.scopes.includes('tree');
    groups.push(group(`${prefix}.children`, tree, (s) => childrenOf(s, c.slug).map((x) => x.slug), c.children.map((x: any) => x.slug)));
    for (const child of c.children) groups.push(...categoryGroups(`${prefix}>${child.slug}`, child, state, overlapping, withCounts));
  }
  return groups;
}

/** The groups of one thread as shown (in a thread read or a list node), with the fields the answer holds. */
function threadGroups(prefix: string, t: any, viewer: string | null, state: State, overlapping: MutationRecord[]): Group[] {
  const slug: string = t.slug;
  const rel = touches(slug);
  const facts = (s: State) => {
    const thread = liveThread(s, slug);
    return thread ? threadFacts(s, thread) : null;
  };
  const field = (name: string, value: (f: NonNullable<ReturnType<typeof facts>>) => unknown, observed: unknown) =>
    group(`${prefix}.${name}`, rel, (s) => { const f = facts(s); return f ? value(f) : MISSING; }, observed);
  const groups = [
    field('title', (f) => f.thread.title, t.title),
    field('postCount', (f) => f.postCount, t.postCount),
    field('isPinned', (f) => f.thread.isPinned, t.isPinned),
    field('tags', (f) => f.thread.tags, t.tags),
    field('lastActivityAt', (f) => f.lastActivityAt, t.lastActivityAt),
    field('author', (f) => f.thread.author, t.author.username),
    ...(t.author.displayName !== undefined ? [nameGroup(`${prefix}.author.displayName`, t.author)] : []),
    field('category', (f) => f.thread.categorySlug, t.category.slug),
    ...categoryGroups(`${prefix}.category`, t.category, state, overlapping, t.category.threadCount !== undefined),
  ];
  if (t.isLocked !== undefined) groups.push(field('isLocked', (f) => f.thread.isLocked, t.isLocked));
  if (t.excerpt !== undefined) groups.push(field('excerpt', (f) => excerptOf(f.posts[0]?.body ?? ''), t.excerpt));
  if (t.reactionCounts) groups.push(field('reactionCounts', (f) => reactionCounts(f.posts), t.reactionCounts));
  if (t.answer !== undefined) {
    groups.push(field('answer', (f) => f.thread.answerPostId ?? null, t.answer === null ? null : rowId(t.answer.id)));
  }
  if (t.posts) {
    groups.push(field('posts.totalCount', (f) => f.postCount, t.posts.totalCount));
    groups.push(field('posts.ids', (f) => f.posts.slice(0, 50).map((p) => p.id), t.posts.nodes.map((p: any) => rowId(p.id))));
    for (const p of t.posts.nodes) {
      const post = (s: State) => { const x = s.posts.get(rowId(p.id)); return x && !x.deleted ? x : null; };
      const pf = (name: string, value: (x: NonNullable<ReturnType<typeof post>>) => unknown, observed: unknown) =>
        group(`${prefix}.post ${p.id}.${name}`, rel, (s) => { const x = post(s); return x ? value(x) : MISSING; }, observed);
      groups.push(pf('body', (x) => x.body, p.body));
      if (p.author?.displayName !== undefined) groups.push(nameGroup(`${prefix}.post ${p.id}.author.displayName`, p.author));
      groups.push(pf('edited', (x) => x.edited, p.editedAt !== null));
      if (p.isAnswer !== undefined) {
        groups.push(group(`${prefix}.post ${p.id}.isAnswer`, rel, (s) => {
          const x = post(s);
          return x ? s.threads.get(x.threadSlug)?.answerPostId === x.id : MISSING;
        }, p.isAnswer));
      }
      groups.push(pf('reactionCounts', (x) => reactionCounts([x]), p.reactionCounts));
      groups.push(pf('viewerReactions', (x) => (viewer === null ? []
        : (['LIKE', 'HELPFUL', 'LOVE'] as const).filter((type) => x.reactions.has(`${viewer}:${type}`))), p.viewerReactions));
    }
  }
  return groups;
}

function threadEvidence(t: any, writers: Writers): (MutationRecord | undefined)[] {
  return [
    writers.get(`thread:${t.slug}`), writers.get(`title:${t.title}`),
    ...(t.posts?.nodes ?? []).flatMap((p: any) => [writers.get(`post:${p.id}`), writers.get(`body:${p.body}`)]),
  ];
}

const inside = (records: (MutationRecord | undefined)[], overlapping: MutationRecord[]) =>
  records.filter((r): r is MutationRecord => !!r && overlapping.includes(r));

export function threadRead(
  window: ReadWindow, slug: string, data: any, viewer: string | null, writers: Writers, views: ViewCounts,
): ReadCheck {
  const t = data.thread;
  return {
    label: `thread(${slug}) as ${viewer ?? 'anonymous'}`,
    window,
    groups: (state, overlapping) => [
      group('exists', touches(slug), (s) => liveThread(s, slug) !== null, t !== null),
      ...(t ? threadGroups('thread', t, viewer, state, overlapping) : []),
    ],
    evidence: (overlapping) => inside(t ? threadEvidence(t, writers) : [writers.get(`del:${slug}`)], overlapping),
    extra: () => { if (t) views.check(slug, t.viewCount, window); return []; },
  };
}

export function listRead(
  window: ReadWindow, filter: ListFilter, sort: Sort, first: number, data: any, writers: Writers, views: ViewCounts,
): ReadCheck {
  const list = data.threads;
  const observed: string[] = list.nodes.map((n: any) => n.slug);
  const searching = !!filter.search?.trim();
  const byPosts = searching || sort === 'LAST_ACTIVITY' || sort === 'MOST_POSTS';
  return {
    label: `threads(${JSON.stringify(filter)}, ${sort}, first ${first})`,
    window,
    groups: (state, overlapping) => {
      const inScope = filter.categorySlug === undefined ? (r: MutationRecord) => r.threads.length > 0
        : categoryScope(filter.categorySlug, state, overlapping);
      const kinds = (r: MutationRecord, counting: boolean) => {
        const kind = r.effect!.kind;
        if (kind === 'react' || kind === 'updateCategory' || kind === 'createCategory') return false;
        if (kind === 'editPost') return searching;
        if (kind === 'createPost' || kind === 'deletePost') return counting ? searching : byPosts;
        return true;
      };
      // Nodes resolve through thread entries after the list entry: a thread deleted meanwhile may drop out.
      const droppable = new Set(overlapping.filter((r) => r.effect!.kind === 'deleteThread').flatMap((r) => r.threads));
      const groups: Group[] = [
        group('totalCount', (r) => inScope(r) && kinds(r, true), (s) => listOf(s, filter, sort).length, list.totalCount),
      ];
      const order: Group = {
        name: 'order',
        relevant: (r) => inScope(r) && kinds(r, false),
        holds: (s) => {
          const all = listOf(s, filter, sort);
          if (list.pageInfo.hasNextPage !== all.length > first) return false;
          const expected = all.slice(0, first).map((f) => f.thread.slug);
          if (sort === 'MOST_VIEWED') {
            return all.length > first ? observed.every((x) => all.some((f) => f.thread.slug === x))
              : expected.every((x) => observed.includes(x) || droppable.has(x)) && observed.every((x) => expected.includes(x));
          }
          let i = 0;
          for (const slug of expected) {
            if (observed[i] === slug) i++;
            else if (!droppable.has(slug)) return false;
          }
          return i === observed.length;
        },
        describe: (s) => `showed ${JSON.stringify(observed)} (hasNextPage ${list.pageInfo.hasNextPage}), committed ${JSON.stringify(listOf(s, filter, sort).slice(0, first).map((f) => f.thread.slug))}`,
      };
      groups.push(order);
      for (const node of list.nodes) groups.push(...threadGroups(`node ${node.slug}`, node, null, state, overlapping));
      return groups;
    },
    evidence: (overlapping) => inside(list.nodes.flatMap((n: any) => threadEvidence(n, writers)), overlapping),
    extra: () => { for (const n of list.nodes) views.check(n.slug, n.viewCount, window); return []; },
  };
}

/**
 * A profile: the display name (changed only by the user's own edits) and the counts, which change with the user's
 * threads and posts, and with a deleted thread the user posted in.
 */
export function profileRead(window: ReadWindow, username: string, data: any): ReadCheck {
  const u = data.user;
  return {
    label: `user(${username})`,
    window,
    groups: (state, overlapping) => {
      if (!u) return [group('exists', () => false, () => false, true)];
      const postedIn = new Set([...state.posts.values()].filter((p) => p.author === username).map((p) => p.threadSlug));
      for (const r of overlapping) if (r.scopes.includes(`u:${username}`)) r.threads.forEach((t) => postedIn.add(t));
      const counts = (r: MutationRecord) => r.scopes.includes(`u:${username}`)
        || (r.name === 'deleteThread' && r.threads.some((t) => postedIn.has(t)));
      return [
        group('username', () => false, () => username, u.username),
        nameGroup('displayName', { username, displayName: u.displayName }),
        group('threadCount', counts, (s) => userCounts(s, username).threadCount, u.threadCount),
        group('postCount', counts, (s) => userCounts(s, username).postCount, u.postCount),
      ];
    },
  };
}

export function categoryRead(window: ReadWindow, slug: string, data: any, writers: Writers): ReadCheck {
  const c = data.category;
  return {
    label: `category(${slug})`,
    window,
    groups: (state, overlapping) => (c ? categoryGroups('category', c, state, overlapping, true)
      : [group('exists', () => false, (s) => s.categories.has(slug), false)]),
    evidence: (overlapping) => inside(c ? [writers.get(`cname:${c.name}`)] : [], overlapping),
  };
}

export function categoriesRead(window: ReadWindow, data: any, writers: Writers): ReadCheck {
  const top: any[] = data.categories;
  return {
    label: 'categories',
    window,
    groups: (state, overlapping) => [
      group('order', (r) => r.scopes.includes('tree'), (s) => childrenOf(s, null).map((c) => c.slug), top.map((c) => c.slug)),
      ...top.flatMap((c) => categoryGroups(c.slug, c, state, overlapping, true)),
    ],
    evidence: (overlapping) => inside(top.flatMap((c) => [c, ...c.children]).map((c) => writers.get(`cname:${c.name}`)), overlapping),
  };
}
