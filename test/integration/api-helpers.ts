// Shared by the API suites: one seeded forum per describe block, and the GraphQL documents a client sends.
import { afterAll, beforeAll, expect } from 'vitest';
import { startForum, type ForumOptions, type GqlResult, type TestForum } from '../support/forum.js';
import { createThread, seedForum, type Account, type Seeded } from '../support/seed.js';

export interface SeededForum { forum: TestForum; seed: Seeded }

/** Starts a forum with the seed's accounts and categories before the block's tests, and closes it after them. */
export function seededForum(options: ForumOptions): SeededForum {
  const state = {} as SeededForum;
  beforeAll(async () => {
    state.forum = await startForum(options);
    state.seed = await seedForum(state.forum);
  });
  afterAll(() => state.forum?.close());
  return state;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const CREATE_CATEGORY = `mutation($input: CreateCategoryInput!) {
  createCategory(input: $input) { id slug name description icon displayOrder parent { slug } children { slug } threadCount postCount }
}`;

export async function newCategory(
  forum: TestForum, admin: Account, slug: string, extra: Record<string, unknown> = {},
): Promise<string> {
  await forum.ok(CREATE_CATEGORY, { input: { slug, name: `Category ${slug}`, ...extra } }, admin.token);
  return slug;
}

/** A thread in a category, with its title; returns its slug. */
export async function newThread(
  forum: TestForum, author: Account, categorySlug: string, title: string, extra: { body?: string; tags?: string[] } = {},
): Promise<string> {
  return (await createThread(forum, author.token, { categorySlug, title, ...extra })).slug;
}

export const THREAD = `query($slug: String!, $first: Int! = 20, $after: String) {
  thread(slug: $slug) {
    id slug title excerpt tags isPinned isLocked postCount viewCount createdAt updatedAt lastActivityAt
    category { slug name threadCount postCount }
    author { username displayName role }
    reactionCounts { like helpful love }
    posts(first: $first, after: $after) {
      totalCount
      nodes { id body createdAt editedAt author { username } reactionCounts { like helpful love } viewerReactions }
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

export async function readThread(forum: TestForum, slug: string, token?: string): Promise<any> {
  return (await forum.ok(THREAD, { slug }, token)).thread;
}

export const LIST = `query($filter: ThreadFilter, $sort: ThreadSort! = LAST_ACTIVITY, $first: Int! = 20, $after: String) {
  threads(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    nodes { slug title isPinned postCount viewCount category { slug } }
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

export interface ListArgs { filter?: Record<string, unknown>; sort?: string; first?: number; after?: string | null }

export async function list(forum: TestForum, args: ListArgs = {}, token?: string): Promise<any> {
  return (await forum.ok(LIST, { ...args }, token)).threads;
}

/** The slugs of one page of a list. */
export async function slugs(forum: TestForum, args: ListArgs = {}): Promise<string[]> {
  return (await list(forum, args)).nodes.map((n: { slug: string }) => n.slug);
}

export async function categoryCounts(forum: TestForum, slug: string): Promise<{ threadCount: number; postCount: number }> {
  const { category } = await forum.ok(`query($slug: String!) { category(slug: $slug) { threadCount postCount } }`, { slug });
  return category;
}

export const UPDATE_THREAD = `mutation($slug: String!, $input: UpdateThreadInput!) {
  updateThread(slug: $slug, input: $input) { slug title tags isPinned isLocked category { slug } }
}`;

export const updateThread = (forum: TestForum, token: string | undefined, slug: string, input: Record<string, unknown>) =>
  forum.gql(UPDATE_THREAD, { slug, input }, token);

export const EDIT_POST = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id body editedAt } }`;
export const DELETE_POST = `mutation($id: ID!) { deletePost(id: $id) }`;
export const DELETE_THREAD = `mutation($slug: String!) { deleteThread(slug: $slug) }`;
export const CREATE_POST = `mutation($slug: String!, $body: String!) { createPost(input: { threadSlug: $slug, body: $body }) { id body } }`;

export const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) { slug title tags } }`;
export const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
export const UPDATE_CATEGORY = `mutation($slug: String!, $input: UpdateCategoryInput!) { updateCategory(slug: $slug, input: $input) { slug } }`;
export const POSTS = `query($slug: String!, $first: Int!, $after: String) {
  thread(slug: $slug) { posts(first: $first, after: $after) { nodes { body } pageInfo { endCursor } } }
}`;

export const x = (n: number) => 'x'.repeat(n);

/** A raw JSON POST to /graphql, for what forum.gql cannot send (any body, any header). */
export async function postJson(forum: TestForum, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(forum.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() as any };
}

/** Assertions that a request fails with a code, on the block's forum. */
export function expectCodes(s: SeededForum) {
  const expectCode = async (code: string, query: string, variables: Record<string, unknown> = {}, token?: string) =>
    expect(await s.forum.code(query, variables, token), JSON.stringify(variables).slice(0, 200)).toBe(code);
  return {
    expectCode,
    bad: (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      expectCode('BAD_USER_INPUT', query, variables, token),
    notFound: (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      expectCode('NOT_FOUND', query, variables, token),
  };
}

/** The error codes of a result, in order (empty when it succeeded). */
export const codes = (result: GqlResult) => (result.errors ?? []).map((e) => e.extensions?.code);
