// Reports, the moderators' queue, suspensions, changePassword and the posting limits: each rule of docs/api.md
// ("People") with its code.
import { describe, expect, it } from 'vitest';
import { startForum, type CacheKind, type DbKind } from '../support/forum.js';
import { createPost, createThread, PASSWORD, register, seedForum } from '../support/seed.js';
import { seededForum, sleep } from './api-helpers.js';

const REPORT = `mutation($p: ID!, $r: ReportReason!, $n: String) { reportPost(postId: $p, reason: $r, note: $n) {
  id reason note status resolution post { id } reporter { username } resolvedBy { username } } }`;
const QUEUE = `query($s: ReportStatus! = OPEN, $first: Int! = 20, $after: String) { reports(status: $s, first: $first, after: $after) {
  totalCount nodes { id reason post { id body } reporter { username } } pageInfo { hasNextPage endCursor } } }`;
const RESOLVE = `mutation($id: ID!, $r: ReportResolution!) { resolveReport(id: $id, resolution: $r) {
  id status resolution resolvedBy { username } resolvedAt post { id } } }`;
const SUSPEND = `mutation($u: String!, $r: String!, $until: DateTime) { suspendUser(username: $u, reason: $r, until: $until) {
  username isSuspended suspendedUntil } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const ME = `{ viewer { username } }`;

export function defineModerationSuite(db: DbKind, cache: CacheKind) {
  describe(`moderation on ${db} + ${cache} cache`, () => {
    const s = seededForum({ db, cache });

    it('reportPost files one open report per reporter and post; repeating returns it unchanged', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Reported thread' });
      const reply = await createPost(forum, seed.alice.token, t.slug, 'Buy cheap pills');
      const first = (await forum.ok(REPORT, { p: reply, r: 'SPAM', n: 'pills again' }, seed.bob.token)).reportPost;
      expect(first).toMatchObject({ reason: 'SPAM', note: 'pills again', status: 'OPEN', resolution: null, post: { id: reply },
        reporter: { username: 'bob' }, resolvedBy: null });
      const again = (await forum.ok(REPORT, { p: reply, r: 'OTHER' }, seed.bob.token)).reportPost;
      expect(again).toEqual(first);
      expect(await forum.code(REPORT, { p: reply, r: 'SPAM' })).toBe('UNAUTHENTICATED');
      expect(await forum.code(REPORT, { p: reply, r: 'SPAM', n: 'n'.repeat(1001) }, seed.bob.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(REPORT, { p: '99999999', r: 'SPAM' }, seed.bob.token)).toBe('NOT_FOUND');
      expect(await forum.code(REPORT, { p: 'nope', r: 'SPAM' }, seed.bob.token)).toBe('NOT_FOUND');
    });

    it('serves the queue oldest first to moderators only, and Report.post is null once the post is deleted', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Queue thread' });
      const a = await createPost(forum, seed.alice.token, t.slug, 'queue one');
      const b = await createPost(forum, seed.alice.token, t.slug, 'queue two');
      const ra = (await forum.ok(REPORT, { p: a, r: 'OFF_TOPIC' }, seed.bob.token)).reportPost.id;
      const rb = (await forum.ok(REPORT, { p: b, r: 'INAPPROPRIATE' }, seed.bob.token)).reportPost.id;
      expect(await forum.code(QUEUE, {})).toBe('UNAUTHENTICATED');
      expect(await forum.code(QUEUE, {}, seed.bob.token)).toBe('FORBIDDEN');
      const queue = (await forum.ok(QUEUE, {}, seed.moderator.token)).reports;
      const ids = queue.nodes.map((n: any) => n.id);
      expect(ids.indexOf(ra)).toBeLessThan(ids.indexOf(rb));
      expect(queue.totalCount).toBe(ids.length);
      // Paging: one at a time, every report once.
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: any = (await forum.ok(QUEUE, { first: 1, after }, seed.moderator.token)).reports;
        seen.push(...page.nodes.map((n: any) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(ids);
      await forum.ok(`mutation($id: ID!) { deletePost(id: $id) }`, { id: a }, seed.alice.token);
      const later = (await forum.ok(QUEUE, {}, seed.moderator.token)).reports.nodes.find((n: any) => n.id === ra);
      expect(later.post).toBeNull();
    });

    it('resolveReport: DISMISSED, POST_DELETED (the thread with its opening post), once only, moderators only', async () => {
      const { forum, seed } = s;
      const t = await createThread(forum, seed.alice.token, { title: 'Resolve me' });
      const reply = await createPost(forum, seed.alice.token, t.slug, 'rude words');
      const r1 = (await forum.ok(REPORT, { p: reply, r: 'INAPPROPRIATE' }, seed.bob.token)).reportPost.id;
      expect(await forum.code(RESOLVE, { id: r1, r: 'DISMISSED' }, seed.bob.token)).toBe('FORBIDDEN');
      expect(await forum.code(RESOLVE, { id: '99999999', r: 'DISMISSED' }, seed.moderator.token)).toBe('NOT_FOUND');
      const deleted = (await forum.ok(RESOLVE, { id: r1, r: 'POST_DELETED' }, seed.moderator.token)).resolveReport;
      expect(deleted).toMatchObject({ status: 'RESOLVED', resolution: 'POST_DELETED', resolvedBy: { username: 'mod' }, post: null });
      expect(deleted.resolvedAt).not.toBeNull();
      const page = (await forum.ok(`query($s: String!) { thread(slug: $s) { postCount posts { nodes { id } } } }`, { s: t.slug })).thread;
      expect(page.postCount).toBe(1);
      expect(await forum.code(RESOLVE, { id: r1, r: 'DISMISSED' }, seed.moderator.token)).toBe('BAD_USER_INPUT');
      const resolved = (await forum.ok(QUEUE, { s: 'RESOLVED' }, seed.moderator.token)).reports.nodes.map((n: any) => n.id);
      expect(resolved).toContain(r1);
      // On the opening post, POST_DELETED deletes the thread.
      const r2 = (await forum.ok(REPORT, { p: t.firstPostId, r: 'SPAM' }, seed.bob.token)).reportPost.id;
      await forum.ok(RESOLVE, { id: r2, r: 'POST_DELETED' }, seed.admin.token);
      expect((await forum.ok(`query($s: String!) { thread(slug: $s) { id } }`, { s: t.slug })).thread).toBeNull();
      const dismissed = (await forum.ok(REPORT, { p: reply, r: 'SPAM' }, seed.moderator.token).catch(() => null));
      expect(dismissed).toBeNull(); // the post is gone: NOT_FOUND
    });

    it('AUTHOR_SUSPENDED suspends a member indefinitely; against a moderator by a moderator it is FORBIDDEN and stays open', async () => {
      const { forum, seed } = s;
      const spammer = await register(forum, 'spammer1');
      const t = await createThread(forum, spammer.token, { title: 'Cheap pills here' });
      const r = (await forum.ok(REPORT, { p: t.firstPostId, r: 'SPAM' }, seed.bob.token)).reportPost.id;
      await forum.ok(RESOLVE, { id: r, r: 'AUTHOR_SUSPENDED' }, seed.moderator.token);
      const u = (await forum.ok(`{ user(username: "spammer1") { isSuspended suspendedUntil } }`)).user;
      expect(u).toEqual({ isSuspended: true, suspendedUntil: null });
      expect((await forum.gql(ME, {}, spammer.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const login = await forum.gql(LOGIN, { u: 'spammer1', p: PASSWORD });
      expect(login.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(login.errors?.[0]?.message).toMatch(/indefinitely/);
      // A moderator's post reported, resolved by a moderator: FORBIDDEN, the report stays open.
      const modThread = await createThread(forum, seed.moderator.token, { title: 'Moderator speaks' });
      const r2 = (await forum.ok(REPORT, { p: modThread.firstPostId, r: 'OTHER' }, seed.bob.token)).reportPost.id;
      const other = await register(forum, 'mod2');
      await forum.ok(`mutation { setUserRole(username: "mod2", role: MODERATOR) { role } }`, {}, seed.admin.token);
      const mod2 = (await forum.ok(LOGIN, { u: 'mod2', p: PASSWORD })).login.token;
      expect(other.username).toBe('mod2');
      expect(await forum.code(RESOLVE, { id: r2, r: 'AUTHOR_SUSPENDED' }, mod2)).toBe('FORBIDDEN');
      const open = (await forum.ok(QUEUE, {}, seed.moderator.token)).reports.nodes.map((n: any) => n.id);
      expect(open).toContain(r2);
      expect((await forum.ok(ME, {}, seed.moderator.token)).viewer.username).toBe('mod');
    });

    it('suspendUser follows the role rules, revokes tokens, names the end date, and ends by itself', async () => {
      const { forum, seed } = s;
      const victim = await register(forum, 'brief');
      expect(await forum.code(SUSPEND, { u: 'brief', r: 'x' }, seed.bob.token)).toBe('FORBIDDEN');
      expect(await forum.code(SUSPEND, { u: 'admin', r: 'x' }, seed.admin.token)).toBe('FORBIDDEN');
      expect(await forum.code(SUSPEND, { u: 'admin', r: 'x' }, seed.moderator.token)).toBe('FORBIDDEN');
      expect(await forum.code(SUSPEND, { u: 'mod', r: 'x' }, seed.moderator.token)).toBe('FORBIDDEN');
      expect(await forum.code(SUSPEND, { u: 'brief', r: '' }, seed.moderator.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(SUSPEND, { u: 'brief', r: 'r'.repeat(501) }, seed.moderator.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(SUSPEND, { u: 'brief', r: 'x', until: '2020-01-01T00:00:00.000Z' }, seed.moderator.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(SUSPEND, { u: 'nobody-at-all', r: 'x' }, seed.moderator.token)).toBe('NOT_FOUND');
      expect(await forum.code(SUSPEND, { u: 'brief', r: 'x' })).toBe('UNAUTHENTICATED');
      // Warm the profile in the cache first: the suspension must show on the next read.
      expect((await forum.ok(`{ user(username: "brief") { isSuspended } }`)).user.isSuspended).toBe(false);
      // Long enough for the checks below on a loaded machine; the test then waits it out.
      const until = new Date(Date.now() + 8000).toISOString();
      const suspended = (await forum.ok(SUSPEND, { u: 'brief', r: 'Cool off', until }, seed.moderator.token)).suspendUser;
      expect(suspended).toEqual({ username: 'brief', isSuspended: true, suspendedUntil: until });
      expect((await forum.ok(`{ user(username: "brief") { isSuspended suspendedUntil } }`)).user).toEqual({ isSuspended: true, suspendedUntil: until });
      expect((await forum.gql(ME, {}, victim.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const refused = await forum.gql(LOGIN, { u: 'brief', p: PASSWORD });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toContain(until);
      await sleep(Date.parse(until) - Date.now() + 100);
      expect((await forum.ok(`{ user(username: "brief") { isSuspended suspendedUntil } }`)).user).toEqual({ isSuspended: false, suspendedUntil: null });
      const back = (await forum.ok(LOGIN, { u: 'brief', p: PASSWORD })).login.token;
      expect((await forum.ok(ME, {}, back)).viewer.username).toBe('brief');
      // unsuspendUser ends an indefinite one.
      await forum.ok(SUSPEND, { u: 'brief', r: 'Again' }, seed.admin.token);
      expect(await forum.code(`mutation { unsuspendUser(username: "brief") { isSuspended } }`, {}, seed.bob.token)).toBe('FORBIDDEN');
      expect((await forum.ok(`mutation { unsuspendUser(username: "brief") { isSuspended } }`, {}, seed.moderator.token)).unsuspendUser.isSuspended).toBe(false);
      expect((await forum.ok(LOGIN, { u: 'brief', p: PASSWORD })).login.token).toBeTruthy();
    }, 90_000);

    it('changePassword revokes every token, this one included; a wrong current password is BAD_USER_INPUT', async () => {
      const { forum } = s;
      const user = await register(forum, 'changer');
      const other = (await forum.ok(LOGIN, { u: 'changer', p: PASSWORD })).login.token;
      const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { username } } }`;
      expect(await forum.code(CHANGE, { c: 'wrong-password', n: 'new-password-1' }, user.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(CHANGE, { c: PASSWORD, n: 'short' }, user.token)).toBe('BAD_USER_INPUT');
      expect(await forum.code(CHANGE, { c: PASSWORD, n: 'new-password-1' })).toBe('UNAUTHENTICATED');
      const changed = (await forum.ok(CHANGE, { c: PASSWORD, n: 'new-password-1' }, user.token)).changePassword;
      expect(changed.user.username).toBe('changer');
      for (const dead of [user.token, other]) expect((await forum.gql(ME, {}, dead)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await forum.ok(ME, {}, changed.token)).viewer.username).toBe('changer');
      expect((await forum.gql(LOGIN, { u: 'changer', p: PASSWORD })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await forum.ok(LOGIN, { u: 'changer', p: 'new-password-1' })).login.token).toBeTruthy();
    });
  });

  describe(`posting limits on ${db} + ${cache} cache`, () => {
    it('answers TOO_MANY_REQUESTS past the limits, after UNAUTHENTICATED and BAD_USER_INPUT, before NOT_FOUND, and resets', async () => {
      const forum = await startForum({ db, cache, config: { posting: { postMax: 3, postWindowS: 8, reportMax: 2 } } });
      try {
        const seed = await seedForum(forum);
        const t = await createThread(forum, seed.alice.token, { title: 'Limited' }); // 1
        await createPost(forum, seed.alice.token, t.slug, 'two'); // 2
        // A refused write does not count: NOT_FOUND gives the attempt back.
        expect(await forum.code(`mutation { createPost(input: { threadSlug: "no-such-thread", body: "x" }) { id } }`, {}, seed.alice.token)).toBe('NOT_FOUND');
        await createPost(forum, seed.alice.token, t.slug, 'three'); // 3
        const post = `mutation($s: String!, $b: String!) { createPost(input: { threadSlug: $s, body: $b }) { id } }`;
        expect(await forum.code(post, { s: t.slug, b: 'four' }, seed.alice.token)).toBe('TOO_MANY_REQUESTS');
        expect(await forum.code(post, { s: 'no-such-thread', b: 'four' }, seed.alice.token)).toBe('TOO_MANY_REQUESTS');
        expect(await forum.code(post, { s: t.slug, b: '   ' }, seed.alice.token)).toBe('BAD_USER_INPUT');
        expect(await forum.code(post, { s: t.slug, b: 'four' })).toBe('UNAUTHENTICATED');
        expect(await forum.code(`mutation { createThread(input: { categorySlug: "garden", title: "Over the limit", body: "b" }) { id } }`, {}, seed.alice.token)).toBe('TOO_MANY_REQUESTS');
        // Others, and moderators, post on.
        await createPost(forum, seed.bob.token, t.slug, 'bob posts');
        for (let i = 0; i < 5; i++) await createPost(forum, seed.moderator.token, t.slug, `mod ${i}`);
        await sleep(8100);
        await createPost(forum, seed.alice.token, t.slug, 'after the window');
        // Reports: two per hour.
        const report = `mutation($p: ID!) { reportPost(postId: $p, reason: SPAM) { id } }`;
        const posts = (await forum.ok(`query($s: String!) { thread(slug: $s) { posts(first: 5) { nodes { id } } } }`, { s: t.slug })).thread.posts.nodes;
        await forum.ok(report, { p: posts[0].id }, seed.bob.token);
        await forum.ok(report, { p: posts[0].id }, seed.bob.token); // the same open report: not counted
        await forum.ok(report, { p: posts[1].id }, seed.bob.token);
        expect(await forum.code(report, { p: posts[2].id }, seed.bob.token)).toBe('TOO_MANY_REQUESTS');
        expect(await forum.code(report, { p: '99999999' }, seed.bob.token)).toBe('TOO_MANY_REQUESTS');
      } finally {
        await forum.close();
      }
    }, 90_000);
  });
}
