// A tour of everything the server reads and writes, through GraphQL as clients use it, on the seeded data set of
// the EXPLAIN guard: each sort × filter with totalCount and a page after its cursor, thread pages, categories with
// their counts, the viewer's fields, and every mutation. What it makes, it deletes again where the API allows.
import type postgres from 'postgres';
import { expect } from 'vitest';
import type { TestForum } from '../support/forum.js';

const SORTS = ['LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'];
const USER = 'id username displayName avatarUrl role';
const LIST = `query($filter: ThreadFilter, $sort: ThreadSort!, $after: String) {
  threads(filter: $filter, sort: $sort, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { slug title excerpt tags isPinned postCount viewCount lastActivityAt author { ${USER} } category { slug name }
      reactionCounts { like helpful love } }
  }
}`;
const POST = `id number body bodyHTML bodyText createdAt editedAt isAnswer replyCount replyTo { id number }
  mentions { username } author { ${USER} } reactionCounts { like helpful love } viewerReactions`;
const THREAD = `query($slug: String!, $after: String) {
  thread(slug: $slug) {
    id slug title tags isPinned isLocked postCount viewCount createdAt lastActivityAt liveCursor
    viewerLastReadPostNumber viewerUnreadCount answer { id }
    author { ${USER} } category { id slug name threadCount postCount liveCursor parent { slug } } reactionCounts { like helpful love }
    posts(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${POST} } }
  }
}`;
/** The far end of a long thread, then the page before it (what a reader jumping to the newest posts reads). */
const THREAD_END = `query($slug: String!, $before: String) {
  thread(slug: $slug) { posts(last: 20, before: $before) { pageInfo { hasPreviousPage startCursor } nodes { ${POST} } } }
}`;
const PROFILE = `query($u: String!) {
  user(username: $u) { ${USER} bio threadCount postCount isSuspended suspendedUntil
    threads(first: 20) { totalCount pageInfo { endCursor } nodes { slug title } }
    posts(first: 20) { totalCount pageInfo { endCursor } nodes { id bodyText thread { slug } } } }
}`;

/** What the data set holds that the tour filters by: computed from it, so any seed works. */
async function landmarks(sql: postgres.Sql) {
  // A common word: in about 1% of the posts (sampled: every 200th post). A word in a good part of all posts ("my" is
  // in a quarter of the seeded ones) is read with a scan of posts, PostgreSQL's right choice for that many matches,
  // and no index can make it cheaper: the bench's scale table reports what such a search costs.
  const [sampled] = await sql<{ n: number }[]>`select count(*)::int as n from posts where id % 200 = 0`;
  const [common] = await sql<{ word: string }[]>`
    select word from ts_stat('select body_tsv from posts where id % 200 = 0')
    where length(word) >= 4 and ndoc between ${Math.ceil(sampled!.n * 0.003)} and ${Math.floor(sampled!.n * 0.015)}
    order by ndoc desc, word limit 1`;
  const tags = await sql<{ tag: string }[]>`
    select tag from (select unnest(tags) as tag from threads where deleted_at is null) t group by tag order by count(*) desc, tag limit 2`;
  const [author] = await sql<{ username: string }[]>`
    select u.username from users u join threads t on t.author_id = u.id group by u.username order by count(*) desc, u.username limit 1`;
  const categories = await sql<{ slug: string }[]>`
    select c.slug from categories c join threads t on t.category_id = c.id group by c.slug order by count(*) desc, c.slug`;
  const [long] = await sql<{ slug: string }[]>`
    select slug from threads where deleted_at is null order by post_count desc, id limit 1`;
  const [admin] = await sql<{ username: string }[]>`select username from users where role = 'ADMIN' order by id limit 1`;
  return {
    common: common!.word, tags: tags.map((t) => t.tag), author: author!.username,
    busiest: categories[0]!.slug, quietest: categories.at(-1)!.slug, long: long!.slug, admin: admin!.username,
  };
}

/**
 * 'every-list': every sort × filter and the thread pages, then the writes (with the cache off: every read reaches
 * PostgreSQL). 'writes': a list of each bucket (index builds) and the writes (with the cache on: outbox, list updates).
 */
export async function tour(forum: TestForum, sql: postgres.Sql, scope: 'every-list' | 'writes'): Promise<void> {
  const at = await landmarks(sql);
  if (scope === 'every-list') await readEverything(forum, at);
  else {
    for (const filter of [{}, { categorySlug: at.busiest }]) await forum.ok(LIST, { filter, sort: 'LAST_ACTIVITY' });
    await forum.app.cache.settled(); // the list index builds the reads started
    await forum.ok(`{ categories { slug name threadCount postCount children { slug threadCount postCount } } }`);
  }
  await writeEverything(forum, at);
}

type Landmarks = Awaited<ReturnType<typeof landmarks>>;

async function readEverything(forum: TestForum, at: Landmarks): Promise<void> {
  const filters: Record<string, unknown>[] = [
    {}, { categorySlug: at.busiest }, { categorySlug: at.quietest }, { tags: [at.tags[0]] }, { tags: at.tags },
    { categorySlug: at.busiest, tags: [at.tags[0]] }, { authorUsername: at.author },
    { search: 'qzxjv' }, { search: at.common }, { search: `${at.common} ${at.tags[0]}` },
    { search: at.common, categorySlug: at.quietest }, { search: at.common, tags: [at.tags[0]] },
  ];
  for (const filter of filters) {
    const sorts = filter.search ? [...SORTS, 'RELEVANCE'] : SORTS;
    for (const sort of sorts) {
      const first = (await forum.ok(LIST, { filter, sort })).threads;
      expect(first.totalCount).toBeGreaterThanOrEqual(first.nodes.length);
      if (first.pageInfo.hasNextPage) await forum.ok(LIST, { filter, sort, after: first.pageInfo.endCursor });
    }
  }
  await forum.ok(`{ categories { slug name threadCount postCount children { slug threadCount postCount } } }`);
  await readThreadsAndPeople(forum, at);
}

/** Thread pages near and far, posts and threads by global id, and a profile with its lists. */
async function readThreadsAndPeople(forum: TestForum, at: Landmarks, token?: string): Promise<void> {
  const page = (await forum.ok(THREAD, { slug: at.long }, token)).thread;
  await forum.ok(THREAD, { slug: at.long, after: page.posts.pageInfo.endCursor }, token);
  const end = (await forum.ok(THREAD_END, { slug: at.long }, token)).thread.posts;
  await forum.ok(THREAD_END, { slug: at.long, before: end.pageInfo.startCursor }, token);
  const ids = [page.id, page.author.id, page.category.id, ...page.posts.nodes.slice(0, 3).map((p: { id: string }) => p.id)];
  await forum.ok(`query($id: ID!) { node(id: $id) { id ... on Thread { slug } ... on Post { number } } }`, { id: ids[0] }, token);
  await forum.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Post { number bodyText } ... on User { username } } }`, { ids }, token);
  await forum.ok(`query($id: ID!) { post(id: $id) { ${POST} thread { slug } } }`, { id: ids[3] }, token);
  const profile = (await forum.ok(PROFILE, { u: at.author }, token)).user;
  expect(profile.threadCount).toBeGreaterThan(0);
  await forum.ok(`query($u: String!, $after: String) { user(username: $u) { threads(first: 20, after: $after) { nodes { slug } } } }`,
    { u: at.author, after: profile.threads.pageInfo.endCursor }, token);
  await forum.ok(`query($u: String!, $after: String) { user(username: $u) { posts(first: 20, after: $after) { nodes { id } } } }`,
    { u: at.author, after: profile.posts.pageInfo.endCursor }, token);
}

async function writeEverything(forum: TestForum, at: Landmarks): Promise<void> {
  // As a signed-in admin: the viewer's own fields, and every mutation.
  const login = await forum.ok(`mutation($u: String!) { login(username: $u, password: "seed-password") { token } }`, { u: at.admin });
  const token: string = login.login.token;
  await forum.ok(`{ viewer { ${USER} } }`, {}, token);
  await readThreadsAndPeople(forum, at, token);
  await forum.ok(`mutation($slug: String!) { markThreadRead(slug: $slug, upToPostNumber: 3) { viewerUnreadCount } }`, { slug: at.long }, token);
  await forum.ok(`{ unreadThreads(first: 20) { totalCount nodes { slug viewerUnreadCount } } }`, {}, token);
  await forum.ok(`mutation { updateProfile(input: { bio: "Reads plans." }) { bio } }`, {}, token);
  const suffix = `${process.pid}-${Date.now()}`;
  const category = (await forum.ok(`mutation($input: CreateCategoryInput!) { createCategory(input: $input) { slug } }`,
    { input: { slug: `guard-${suffix}`, name: `Guard ${suffix}`, parentSlug: at.quietest } }, token)).createCategory.slug;
  await forum.ok(`mutation($slug: String!) { updateCategory(slug: $slug, input: { description: "Checked" }) { slug } }`, { slug: category }, token);
  const thread = (await forum.ok(`mutation($input: CreateThreadInput!) { createThread(input: $input) { slug } }`,
    { input: { categorySlug: at.busiest, title: 'EXPLAIN guard thread', body: 'Opening post', tags: [at.tags[0]] } }, token)).createThread.slug;
  const post = (await forum.ok(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { threadSlug: thread, body: 'A reply' } }, token)).createPost.id;
  await forum.ok(`mutation($input: CreatePostInput!) { createPost(input: $input) { id replyTo { id } } }`,
    { input: { threadSlug: thread, body: `@${at.author} agrees`, replyToPostId: post } }, token);
  await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "An edited reply") { id } }`, { id: post }, token);
  await forum.ok(`mutation($id: ID!) { markAnswer(postId: $id) { answer { id } } }`, { id: post }, token);
  await forum.ok(`mutation($slug: String!) { unmarkAnswer(threadSlug: $slug) { slug } }`, { slug: thread }, token);
  const report = (await forum.ok(`mutation($id: ID!) { reportPost(postId: $id, reason: SPAM, note: "guard") { id } }`,
    { id: post }, token)).reportPost.id;
  await forum.ok(`{ reports(first: 20) { totalCount nodes { id reason post { id } reporter { username } } } }`, {}, token);
  await forum.ok(`mutation($id: ID!) { resolveReport(id: $id, resolution: DISMISSED) { status } }`, { id: report }, token);
  await forum.ok(`{ reports(first: 20, status: RESOLVED) { totalCount nodes { id resolvedBy { username } } } }`, {}, token);
  await forum.ok(THREAD, { slug: thread }, token); // cached, so the read after the reactions loads only their counts
  await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: post }, token);
  await forum.ok(`mutation($id: ID!) { setReaction(postId: $id, type: LOVE, active: true) { id } }`, { id: post }, token);
  await forum.ok(THREAD, { slug: thread }, token);
  await forum.ok(`mutation($slug: String!, $cat: String!) {
    updateThread(slug: $slug, input: { title: "EXPLAIN guard, renamed", tags: ["guard"], isPinned: true, isLocked: true, categorySlug: $cat }) { slug }
  }`, { slug: thread, cat: category }, token);
  await forum.ok(THREAD, { slug: thread }, token);
  await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: post }, token);
  await forum.ok(`mutation($slug: String!) { deleteThread(slug: $slug) }`, { slug: thread }, token);
  const user = `guard-${process.pid % 100000}-${Date.now() % 100000}`;
  await forum.ok(`mutation($u: String!) { register(username: $u, password: "guard-password-1") { token } }`, { u: user });
  await forum.ok(`mutation($u: String!) { suspendUser(username: $u, reason: "guard", until: null) { isSuspended } }`, { u: user }, token);
  await forum.ok(`mutation($u: String!) { unsuspendUser(username: $u) { isSuspended } }`, { u: user }, token);
  await forum.ok(`mutation($u: String!) { setUserRole(username: $u, role: MODERATOR) { id } }`, { u: user }, token);
  await forum.gql(`mutation { login(username: "${at.admin}", password: "not-the-password") { token } }`);
  await forum.ok(`mutation { logout }`, {}, token);
  await forum.app.cache.poll(); // outbox rows left behind, if any
}
