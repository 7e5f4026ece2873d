// Two servers on one PostgreSQL and one Redis: a mutation on one is seen by the next read on the other,
// also when the other's cache fill raced with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { createPost, createThread, PASSWORD, register, seedForum, type Seeded } from '../support/seed.js';
import { postgresUp, redisUp } from '../support/services.js';
import { holdFirstFill } from './cache-guarantees.suite.js';

const READ = `query($s: String!) {
  thread(slug: $s) { title postCount category { name } }
  threads(filter: { categorySlug: "garden" }) { totalCount nodes { slug title postCount } }
}`;

describe.skipIf(!postgresUp || !redisUp)('two servers sharing PostgreSQL and Redis', () => {
  let a: TestForum;
  let b: TestForum;
  let seed: Seeded;
  beforeAll(async () => {
    a = await startForum({ db: 'postgres', cache: 'redis' });
    b = await startForum({ db: 'postgres', cache: 'redis', shareWith: a });
    seed = await seedForum(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("shows a mutation made on one server in the other's next read of every cached entry", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Shared thread' });
    await b.ok(READ, { s: t.slug });
    await b.ok(READ, { s: t.slug });
    await createPost(a, seed.bob.token, t.slug);
    await a.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Shared thread, renamed" }) { id } }`, { s: t.slug }, seed.alice.token);
    await a.ok(`mutation { updateCategory(slug: "garden", input: { name: "Garden (renamed)" }) { slug } }`, {}, seed.admin.token);
    const data = await b.ok(READ, { s: t.slug });
    expect(data.thread).toEqual({ title: 'Shared thread, renamed', postCount: 2, category: { name: 'Garden (renamed)' } });
    expect(data.threads.nodes.find((n: any) => n.slug === t.slug)).toMatchObject({ title: 'Shared thread, renamed', postCount: 2 });
  });

  it("does not let one server's slow fill hide a mutation made on the other", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Race across servers' });
    await a.app.cache.invalidateThread(t.slug);
    const held = holdFirstFill(b, t.slug);
    const slow = b.ok(READ, { s: t.slug });
    await held.arrived;
    await a.ok(`mutation($s: String!) { updateThread(slug: $s, input: { title: "Race won by the writer" }) { id } }`, { s: t.slug }, seed.alice.token);
    held.release();
    await slow;
    expect((await b.ok(READ, { s: t.slug })).thread.title).toBe('Race won by the writer');
    expect((await a.ok(READ, { s: t.slug })).thread.title).toBe('Race won by the writer');
  });

  it('a suspension on one server takes effect on the very next request on the other', async () => {
    const member = await register(a, 'suspended-on-a');
    const ME = `{ viewer { username } }`;
    // Twice: the first request of a token on a server reads its session from the database, the next ones from the cache.
    for (let i = 0; i < 3; i++) expect((await b.ok(ME, {}, member.token)).viewer.username).toBe('suspended-on-a');
    const profile = `{ user(username: "suspended-on-a") { isSuspended displayName } }`;
    expect((await b.ok(profile)).user).toEqual({ isSuspended: false, displayName: 'suspended-on-a' });
    await a.ok(`mutation { suspendUser(username: "suspended-on-a", reason: "spam") { isSuspended } }`, {}, seed.moderator.token);
    expect((await b.gql(ME, {}, member.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await b.ok(profile)).user.isSuspended).toBe(true);
    expect((await b.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: 'suspended-on-a', p: PASSWORD })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A rename on one server shows on the other's cached pages at once.
    const t = await createThread(a, seed.bob.token, { title: 'Renamed across servers' });
    const page = `query($s: String!) { thread(slug: $s) { author { displayName } posts { nodes { author { displayName } } } } }`;
    await b.ok(page, { s: t.slug });
    await a.ok(`mutation { updateProfile(input: { displayName: "Bob on A" }) { id } }`, {}, seed.bob.token);
    expect((await b.ok(page, { s: t.slug })).thread).toEqual({ author: { displayName: 'Bob on A' }, posts: { nodes: [{ author: { displayName: 'Bob on A' } }] } });
  });
  it("refuses a token revoked on one server on the other's very next request, though the other had its session cached", async () => {
    const user = await register(a, 'revoked-on-a');
    const second = (await a.ok(`mutation { login(username: "revoked-on-a", password: "${PASSWORD}") { token } }`)).login.token;
    const third = (await a.ok(`mutation { login(username: "revoked-on-a", password: "${PASSWORD}") { token } }`)).login.token;
    const warm = async (token: string) => { for (let i = 0; i < 3; i++) await b.ok(`{ categories { slug } }`, {}, token); };
    const code = async (token: string, query = `{ categories { slug } }`) => (await b.gql(query, {}, token)).errors?.[0]?.extensions?.code;
    for (const token of [user.token, second, third]) await warm(token);
    // A logout on a: that token only.
    await a.ok(`mutation { logout }`, {}, user.token);
    expect(await code(user.token)).toBe('UNAUTHENTICATED');
    expect(await code(second)).toBeUndefined();
    // A password change on a: every other token of the user.
    const changed = (await a.ok(`mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "renewed-password-1") { token } }`,
      {}, second)).changePassword.token;
    expect(await code(third)).toBe('UNAUTHENTICATED');
    expect(await code(changed)).toBeUndefined();
    // A role change on a: the next request on b is judged by the new role.
    await a.ok(`mutation { setUserRole(username: "revoked-on-a", role: MODERATOR) { role } }`, {}, seed.admin.token);
    await warm(changed);
    expect(await code(changed, `{ reports { totalCount } }`)).toBeUndefined();
    await a.ok(`mutation { setUserRole(username: "revoked-on-a", role: MEMBER) { role } }`, {}, seed.admin.token);
    expect(await code(changed, `{ reports { totalCount } }`)).toBe('FORBIDDEN');
  });

  it("keeps two viewers' read marks and unread counts apart across servers, and anonymous readers' null", async () => {
    const t = await createThread(a, seed.alice.token, { title: 'Read on two servers' });
    for (let i = 1; i <= 3; i++) await createPost(b, seed.moderator.token, t.slug, `Reply ${i}`);
    const STATE = `query($s: String!) { thread(slug: $s) { viewerLastReadPostNumber viewerUnreadCount } }`;
    const MARK = `mutation($s: String!, $n: Int) { markThreadRead(slug: $s, upToPostNumber: $n) { id } }`;
    await a.ok(MARK, { s: t.slug, n: 2 }, seed.bob.token);
    await b.ok(MARK, { s: t.slug, n: 4 }, seed.alice.token);
    for (const server of [a, b, a, b]) {
      const [anon, bob, alice] = await Promise.all([
        server.ok(STATE, { s: t.slug }), server.ok(STATE, { s: t.slug }, seed.bob.token), server.ok(STATE, { s: t.slug }, seed.alice.token),
      ]);
      expect(anon.thread).toEqual({ viewerLastReadPostNumber: null, viewerUnreadCount: null });
      expect(bob.thread).toEqual({ viewerLastReadPostNumber: 2, viewerUnreadCount: 2 });
      expect(alice.thread).toEqual({ viewerLastReadPostNumber: 4, viewerUnreadCount: 0 });
    }
    await createPost(a, seed.bob.token, t.slug, 'Bob again');
    expect((await b.ok(STATE, { s: t.slug }, seed.alice.token)).thread.viewerUnreadCount).toBe(1);
    expect((await b.ok(STATE, { s: t.slug }, seed.bob.token)).thread.viewerUnreadCount).toBe(2);
  });
});
