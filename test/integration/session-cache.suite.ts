// Signed-in requests (docs/architecture.md, "Sessions"): each process keeps the sessions it has seen under their user's
// stamps, so a signed-in page hit sends one SQL statement (the viewer's read marks and reactions together), and a
// logout, a password change, a suspension or a role change is seen on the very next request.
import { describe, expect, it } from 'vitest';
import type { DbKind, TestForum } from '../support/forum.js';
import { createPost, createThread, PASSWORD, register, type Account } from '../support/seed.js';
import { LOGIN, seededForum } from './api-helpers.js';

const PAGE = `query($s: String!) { thread(slug: $s) { title viewerLastReadPostNumber viewerUnreadCount
  posts(last: 20) { nodes { id viewerReactions author { username } } } } }`;
const REPORTS = `{ reports { totalCount } }`;

async function login(forum: TestForum, username: string): Promise<string> {
  return (await forum.ok(LOGIN, { u: username, p: PASSWORD })).login.token;
}

/** The statements one request sent, and its data. */
async function counted(forum: TestForum, query: string, variables: Record<string, unknown>, token?: string) {
  const before = await forum.dbQueries();
  const data = await forum.ok(query, variables, token);
  return { data, statements: (await forum.dbQueries()) - before };
}

/** A token's first requests on a process read its session from the database; after that it is a cache hit. */
async function warm(forum: TestForum, token: string): Promise<void> {
  for (let i = 0; i < 3; i++) await forum.ok(`{ categories { slug } }`, {}, token);
}

/** A new member signed in twice (two tokens), each session already read once and cached on this process. */
async function twoWarmSessions(forum: TestForum, username: string): Promise<{ user: Account; other: string }> {
  const user = await register(forum, username);
  const other = await login(forum, user.username);
  await warm(forum, user.token);
  await warm(forum, other);
  return { user, other };
}

export const refusal = async (forum: TestForum, token: string) =>
  (await forum.gql(`{ categories { slug } }`, {}, token)).errors?.[0]?.extensions?.code;

export function defineSessionCacheSuite(db: DbKind, cache: 'memory' | 'redis') {
  describe(`signed-in requests on ${db} + ${cache} cache`, () => {
    const s = seededForum({ db, cache });

    it('a signed-in thread page hit sends one statement: the session is cached, read marks and reactions go together', async () => {
      const { forum, seed } = s;
      const reader = await register(forum, 'page-reader');
      const t = await createThread(forum, seed.alice.token, { title: 'Read while signed in' });
      const replies: string[] = [];
      for (let i = 0; i < 3; i++) replies.push(await createPost(forum, seed.bob.token, t.slug, `Reply ${i}`));
      await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: HELPFUL) { id } }`, { id: replies[1] }, reader.token);
      await forum.ok(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: replies[1] }, reader.token);
      await forum.ok(`mutation($s: String!) { markThreadRead(slug: $s, upToPostNumber: 2) { id } }`, { s: t.slug }, reader.token);
      for (let i = 0; i < 3; i++) await forum.ok(PAGE, { s: t.slug }, reader.token);
      const signedIn = await counted(forum, PAGE, { s: t.slug }, reader.token);
      expect(signedIn.data.thread.viewerLastReadPostNumber).toBe(2);
      expect(signedIn.data.thread.viewerUnreadCount).toBe(2);
      expect(signedIn.data.thread.posts.nodes.map((p: any) => p.viewerReactions)).toEqual([[], [], ['LIKE', 'HELPFUL'], []]);
      expect(signedIn.statements).toBe(1);
      const anonymous = await counted(forum, PAGE, { s: t.slug });
      expect(anonymous.data.thread.posts.nodes.map((p: any) => p.viewerReactions)).toEqual([[], [], [], []]);
      expect(anonymous.data.thread.viewerUnreadCount).toBeNull();
      expect(anonymous.statements).toBe(0);
    });

    it('a logout refuses that token on the next request; the same user\'s other token still works', async () => {
      const { forum } = s;
      const { user, other } = await twoWarmSessions(forum, 'leaving-user');
      expect(await forum.ok(`mutation { logout }`, {}, user.token)).toEqual({ logout: true });
      expect(await refusal(forum, user.token)).toBe('UNAUTHENTICATED');
      expect(await refusal(forum, other)).toBeUndefined();
    });

    it('a suspension refuses every token of the user on the next request, and a lifted one lets them sign in again', async () => {
      const { forum, seed } = s;
      const { user, other } = await twoWarmSessions(forum, 'suspended-user');
      await forum.ok(`mutation { suspendUser(username: "suspended-user", reason: "spam") { isSuspended } }`, {}, seed.moderator.token);
      expect(await refusal(forum, user.token)).toBe('UNAUTHENTICATED');
      expect(await refusal(forum, other)).toBe('UNAUTHENTICATED');
      await forum.ok(`mutation { unsuspendUser(username: "suspended-user") { isSuspended } }`, {}, seed.moderator.token);
      expect(await refusal(forum, user.token)).toBe('UNAUTHENTICATED'); // revoked for good
      const again = await login(forum, user.username);
      await warm(forum, again);
      expect(await refusal(forum, again)).toBeUndefined();
    });

    it('changePassword refuses the user\'s other tokens on the next request', async () => {
      const { forum } = s;
      const { user, other } = await twoWarmSessions(forum, 'changing-user');
      const changed = await forum.ok(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`,
        { c: PASSWORD, n: 'another-password-1' }, user.token);
      expect(await refusal(forum, other)).toBe('UNAUTHENTICATED');
      expect(await refusal(forum, user.token)).toBe('UNAUTHENTICATED');
      expect(await refusal(forum, changed.changePassword.token)).toBeUndefined();
    });

    it('a role change holds on the next request: a demoted moderator can no longer read the reports', async () => {
      const { forum, seed } = s;
      const user: Account = await register(forum, 'short-lived-mod');
      await forum.ok(`mutation { setUserRole(username: "short-lived-mod", role: MODERATOR) { role } }`, {}, seed.admin.token);
      await warm(forum, user.token);
      expect((await forum.ok(REPORTS, {}, user.token)).reports.totalCount).toBeGreaterThanOrEqual(0);
      await forum.ok(`mutation { setUserRole(username: "short-lived-mod", role: MEMBER) { role } }`, {}, seed.admin.token);
      expect((await forum.gql(REPORTS, {}, user.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
}
