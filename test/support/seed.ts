// A seed builder for integration tests: real accounts and categories made through the API.
import { afterAll, beforeAll } from 'vitest';
import { startForum, type ForumOptions, type TestForum } from './forum.js';
import { fromGlobalId } from '../../src/model/global-id.js';

export interface Account { username: string; token: string; id: string }

export interface Seeded {
  admin: Account;
  moderator: Account;
  alice: Account;
  bob: Account;
}

export const PASSWORD = 'correct-horse-battery';

const REGISTER = `mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token user { id username } } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username } } }`;

export async function register(forum: TestForum, username: string): Promise<Account> {
  const data = await forum.ok(REGISTER, { u: username, p: PASSWORD });
  return { username, token: data.register.token, id: data.register.user.id };
}

/** Accounts of every role, and a small category tree: garden (with vegetables), indoor. */
export async function seedForum(forum: TestForum): Promise<Seeded> {
  await forum.app.services.auth.ensureAdmin('admin', PASSWORD);
  const login = await forum.ok(LOGIN, { u: 'admin', p: PASSWORD });
  const admin = { username: 'admin', token: login.login.token, id: login.login.user.id };
  const [moderator, alice, bob] = await Promise.all([register(forum, 'mod'), register(forum, 'alice'), register(forum, 'bob')]);
  await forum.ok(`mutation { setUserRole(username: "mod", role: MODERATOR) { role } }`, {}, admin.token);
  const create = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { slug } }`;
  await forum.ok(create, { input: { slug: 'garden', name: 'Garden', displayOrder: 1 } }, admin.token);
  await forum.ok(create, { input: { slug: 'indoor', name: 'Indoor', displayOrder: 2 } }, admin.token);
  await forum.ok(create, { input: { slug: 'vegetables', name: 'Vegetables', parentSlug: 'garden' } }, admin.token);
  return { admin, moderator, alice, bob };
}

/**
 * A suite's forum: started and seeded before its tests, closed after them. `ready` receives both; tests read them
 * from the suite's own variables (`let forum: TestForum; let seed: Seeded;`).
 */
export function withSeededForum(options: ForumOptions, ready: (forum: TestForum, seed: Seeded) => void): void {
  let started: TestForum | undefined;
  beforeAll(async () => {
    started = await startForum(options);
    ready(started, await seedForum(started));
  });
  afterAll(() => started?.close());
}

export const CREATE_THREAD = `mutation($input: CreateThreadInput!) {
  createThread(input: $input) { id slug title postCount posts { nodes { id } } }
}`;

export async function createThread(
  forum: TestForum, token: string, input: { categorySlug?: string; title?: string; body?: string; tags?: string[] } = {},
): Promise<{ id: string; slug: string; firstPostId: string }> {
  const data = await forum.ok(CREATE_THREAD, {
    input: { categorySlug: 'garden', title: 'A thread about tomatoes', body: 'Opening post body', ...input },
  }, token);
  return { id: data.createThread.id, slug: data.createThread.slug, firstPostId: data.createThread.posts.nodes[0].id };
}

export async function createPost(forum: TestForum, token: string, threadSlug: string, body = 'A reply'): Promise<string> {
  const data = await forum.ok(`mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`,
    { input: { threadSlug, body } }, token);
  return data.createPost.id;
}

/** The row a global id from a response names (src/model/global-id.ts), for tests that reach into the database. */
export function rowId(id: string): number {
  const parsed = fromGlobalId(id);
  if (parsed === null) throw new Error(`not a global id: ${id}`);
  return parsed.rowId;
}
