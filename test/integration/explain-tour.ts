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
const THREAD = `query($slug: String!, $after: String) {
  thread(slug: $slug) {
    id slug title tags isPinned isLocked postCount viewCount createdAt lastActivityAt
    author { ${USER} } category { slug name threadCount postCount parent { slug } } reactionCounts { like helpful love }
    posts(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { id body createdAt editedAt author { ${USER} } reactionCounts { like helpful love } viewerReactions } }
  }
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
  const page = (await forum.ok(THREAD, { slug: at.long })).thread;
  await forum.ok(THREAD, { slug: at.long, after: page.posts.pageInfo.endCursor });
}

async function writeEverything(forum: TestForum, at: Landmarks): Promise<void> {
  // As a signed-in admin: the viewer's own fields, and every mutation.
  const login = await forum.ok(`mutation($u: String!) { login(username: $u, password: "seed-password") { token } }`, { u: at.admin });
  const token: string = login.login.token;
  await forum.ok(`{ viewer { ${USER} } }`, {}, token);
  await forum.ok(THREAD, { slug: at.long }, token);
  const suffix = `${process.pid}-${Date.now()}`;
  const category = (await forum.ok(`mutation($input: CreateCategoryInput!) { createCategory(input: $input) { slug } }`,
    { input: { slug: `guard-${suffix}`, name: `Guard ${suffix}`, parentSlug: at.quietest } }, token)).createCategory.slug;
  await forum.ok(`mutation($slug: String!) { updateCategory(slug: $slug, input: { description: "Checked" }) { slug } }`, { slug: category }, token);
  const thread = (await forum.ok(`mutation($input: CreateThreadInput!) { createThread(input: $input) { slug } }`,
    { input: { categorySlug: at.busiest, title: 'EXPLAIN guard thread', body: 'Opening post', tags: [at.tags[0]] } }, token)).createThread.slug;
  const post = (await forum.ok(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { threadSlug: thread, body: 'A reply' } }, token)).createPost.id;
  await forum.ok(`mutation($id: ID!) { editPost(id: $id, body: "An edited reply") { id } }`, { id: post }, token);
  await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: post }, token);
  await forum.ok(`mutation($id: ID!) { setReaction(postId: $id, type: LOVE, active: true) { id } }`, { id: post }, token);
  await forum.ok(`mutation($slug: String!, $cat: String!) {
    updateThread(slug: $slug, input: { title: "EXPLAIN guard, renamed", tags: ["guard"], isPinned: true, isLocked: true, categorySlug: $cat }) { slug }
  }`, { slug: thread, cat: category }, token);
  await forum.ok(THREAD, { slug: thread }, token);
  await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: post }, token);
  await forum.ok(`mutation($slug: String!) { deleteThread(slug: $slug) }`, { slug: thread }, token);
  const user = `guard-${process.pid % 100000}-${Date.now() % 100000}`;
  await forum.ok(`mutation($u: String!) { register(username: $u, password: "guard-password-1") { token } }`, { u: user });
  await forum.ok(`mutation($u: String!) { setUserRole(username: $u, role: MODERATOR) { id } }`, { u: user }, token);
  await forum.gql(`mutation { login(username: "${at.admin}", password: "not-the-password") { token } }`);
  await forum.ok(`mutation { logout }`, {}, token);
  await forum.app.cache.poll(); // outbox rows left behind, if any
}
