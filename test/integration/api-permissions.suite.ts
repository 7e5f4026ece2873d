// Who may do what: every mutation with a permission rule, tried by each role. A refused mutation changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheKind, DbKind, GqlResult } from '../support/forum.js';
import { createPost, createThread, PASSWORD, register, type Account } from '../support/seed.js';
import {
  codes, CREATE_CATEGORY, CREATE_POST, DELETE_POST, DELETE_THREAD, EDIT_POST, list, readThread, seededForum, slugs,
  updateThread,
} from './api-helpers.js';

type Who = 'anonymous' | 'author' | 'member' | 'moderator' | 'admin';

const NAMES: Record<Who, string> = {
  anonymous: 'an anonymous visitor', author: 'the author', member: 'another member', moderator: 'a moderator', admin: 'an admin',
};

/** A fresh thread in garden by alice with a reply by alice, and a word no other test uses. */
interface Fixture { slug: string; firstPostId: string; replyId: string; key: string }

interface Rule {
  action: string;
  allowed: Who[];
  /** Who tries it; defaults to everyone. */
  tried?: Who[];
  setup?(f: Fixture): Promise<unknown>;
  run(f: Fixture, token: string | undefined): Promise<GqlResult>;
  /** Whether the mutation's effect shows. */
  applied(f: Fixture): Promise<boolean>;
}

const MODERATORS: Who[] = ['moderator', 'admin'];
const OWNER_OR_MODERATOR: Who[] = ['author', 'moderator', 'admin'];
const ACCOUNTS: Who[] = ['anonymous', 'member', 'moderator', 'admin'];
const SIGNED_IN: Who[] = ['author', 'member', 'moderator', 'admin'];

export function defineApiPermissionsSuite(db: DbKind, cache: CacheKind) {
  describe(`permissions (${db} + ${cache})`, () => {
    const s = seededForum({ db, cache });
    let dave: Account;
    beforeAll(async () => {
      dave = await register(s.forum, 'dave');
      await s.forum.ok(CREATE_CATEGORY, { input: { slug: 'perm-cat', name: 'Permissions' } }, s.seed.admin.token);
    });

    let counter = 0;
    async function fixture(): Promise<Fixture> {
      const key = `permkey${++counter}`;
      const t = await createThread(s.forum, s.seed.alice.token, { categorySlug: 'garden', title: `Permission thread ${key}` });
      const replyId = await createPost(s.forum, s.seed.alice.token, t.slug, 'Reply by the author');
      return { slug: t.slug, firstPostId: t.firstPostId, replyId, key };
    }
    const tokenOf = (who: Who) => ({
      anonymous: undefined, author: s.seed.alice.token, member: s.seed.bob.token, moderator: s.seed.moderator.token, admin: s.seed.admin.token,
    })[who];
    const thread = (f: Fixture) => readThread(s.forum, f.slug);
    const gql = (query: string, variables: Record<string, unknown>, token?: string) => s.forum.gql(query, variables, token);

    const rules: Rule[] = [
      {
        action: 'edit a post', allowed: OWNER_OR_MODERATOR,
        run: (f, token) => gql(EDIT_POST, { id: f.replyId, body: 'Edited by someone' }, token),
        applied: async (f) => (await thread(f)).posts.nodes[1].body === 'Edited by someone',
      },
      {
        action: 'delete a post', allowed: OWNER_OR_MODERATOR,
        run: (f, token) => gql(DELETE_POST, { id: f.replyId }, token),
        applied: async (f) => (await thread(f)).postCount === 1,
      },
      {
        action: 'rename a thread', allowed: OWNER_OR_MODERATOR,
        run: (f, token) => updateThread(s.forum, token, f.slug, { title: 'Renamed by someone' }),
        applied: async (f) => (await thread(f)).title === 'Renamed by someone',
      },
      {
        action: 'retag a thread', allowed: OWNER_OR_MODERATOR,
        run: (f, token) => updateThread(s.forum, token, f.slug, { tags: ['retagged'] }),
        applied: async (f) => (await thread(f)).tags.includes('retagged'),
      },
      {
        action: 'pin a thread', allowed: MODERATORS,
        run: (f, token) => updateThread(s.forum, token, f.slug, { isPinned: true }),
        applied: async (f) => (await thread(f)).isPinned,
      },
      {
        action: 'lock a thread', allowed: MODERATORS,
        run: (f, token) => updateThread(s.forum, token, f.slug, { isLocked: true }),
        applied: async (f) => (await thread(f)).isLocked,
      },
      {
        action: 'move a thread', allowed: MODERATORS,
        run: (f, token) => updateThread(s.forum, token, f.slug, { categorySlug: 'indoor' }),
        applied: async (f) => (await thread(f)).category.slug === 'indoor',
      },
      {
        action: 'delete a thread', allowed: OWNER_OR_MODERATOR,
        run: (f, token) => gql(DELETE_THREAD, { slug: f.slug }, token),
        applied: async (f) => (await thread(f)) === null,
      },
      {
        action: 'post in a locked thread', allowed: MODERATORS,
        setup: (f) => updateThread(s.forum, s.seed.moderator.token, f.slug, { isLocked: true }),
        run: (f, token) => gql(CREATE_POST, { slug: f.slug, body: 'Posting anyway' }, token),
        applied: async (f) => (await thread(f)).postCount === 3,
      },
      {
        action: 'start a thread', allowed: SIGNED_IN, tried: ['anonymous', 'member'],
        run: (f, token) => gql(`mutation($input: CreateThreadInput!) { createThread(input: $input) { slug } }`,
          { input: { categorySlug: 'garden', title: `Started ${f.key}x`, body: 'x' } }, token),
        applied: async (f) => (await slugs(s.forum, { filter: { search: `${f.key}x` } })).length === 1,
      },
      {
        action: 'reply to a thread', allowed: SIGNED_IN, tried: ['anonymous', 'member'],
        run: (f, token) => gql(CREATE_POST, { slug: f.slug, body: 'A reply' }, token),
        applied: async (f) => (await thread(f)).postCount === 3,
      },
      {
        action: 'toggle a reaction', allowed: SIGNED_IN, tried: ['anonymous', 'member'],
        run: (f, token) => gql(`mutation($id: ID!) { toggleReaction(postId: $id, type: LIKE) { id } }`, { id: f.firstPostId }, token),
        applied: async (f) => (await thread(f)).reactionCounts.like === 1,
      },
      {
        action: 'set a reaction', allowed: SIGNED_IN, tried: ['anonymous', 'member'],
        run: (f, token) => gql(`mutation($id: ID!) { setReaction(postId: $id, type: LOVE, active: true) { id } }`, { id: f.firstPostId }, token),
        applied: async (f) => (await thread(f)).reactionCounts.love === 1,
      },
      {
        action: 'create a category', allowed: ['admin'], tried: ACCOUNTS,
        run: (f, token) => gql(CREATE_CATEGORY, { input: { slug: f.key, name: 'New category' } }, token),
        applied: async (f) => (await s.forum.ok(`query($s: String!) { category(slug: $s) { slug } }`, { s: f.key })).category !== null,
      },
      {
        action: 'edit a category', allowed: ['admin'], tried: ACCOUNTS,
        run: (f, token) => gql(`mutation($name: String!) { updateCategory(slug: "perm-cat", input: { name: $name }) { name } }`,
          { name: `Renamed ${f.key}` }, token),
        applied: async (f) => (await s.forum.ok(`{ category(slug: "perm-cat") { name } }`)).category.name === `Renamed ${f.key}`,
      },
      {
        action: "change a user's role", allowed: ['admin'], tried: ACCOUNTS,
        setup: () => s.forum.ok(`mutation { setUserRole(username: "dave", role: MEMBER) { role } }`, {}, s.seed.admin.token),
        run: (_f, token) => gql(`mutation { setUserRole(username: "dave", role: MODERATOR) { role } }`, {}, token),
        applied: async () => (await s.forum.ok(`{ viewer { role } }`, {}, dave.token)).viewer.role === 'MODERATOR',
      },
    ];

    for (const rule of rules) {
      for (const who of rule.tried ?? (['anonymous', 'author', 'member', 'moderator', 'admin'] as Who[])) {
        const allowed = rule.allowed.includes(who);
        it(`${NAMES[who]} ${allowed ? 'can' : 'cannot'} ${rule.action}`, async () => {
          const f = await fixture();
          await rule.setup?.(f);
          const result = await rule.run(f, tokenOf(who));
          expect(codes(result)).toEqual(allowed ? [] : [who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
          expect(await rule.applied(f)).toBe(allowed);
        });
      }
    }

    it('an anonymous visitor cannot sign out', async () => {
      expect(await s.forum.code(`mutation { logout }`)).toBe('UNAUTHENTICATED');
    });

    describe('a failed mutation changes nothing', () => {
      const snapshot = async () => ({
        total: (await list(s.forum)).totalCount,
        ...(await s.forum.ok(`{ categories { slug threadCount postCount children { slug threadCount postCount } } }`)),
      });

      it('createThread in an unknown category, or with a bad tag, leaves every list and count unchanged', async () => {
        const { forum, seed } = s;
        const before = await snapshot();
        const create = `mutation($input: CreateThreadInput!) { createThread(input: $input) { slug } }`;
        expect(await forum.code(create, { input: { categorySlug: 'no-such-category', title: 'Nowhere thread', body: 'x' } },
          seed.alice.token)).toBe('NOT_FOUND');
        expect(await forum.code(create, { input: { categorySlug: 'garden', title: 'Nowhere thread', body: 'x', tags: ['ok', 'not ok'] } },
          seed.alice.token)).toBe('BAD_USER_INPUT');
        expect(await snapshot()).toEqual(before);
        expect(await slugs(forum, { filter: { search: 'nowhere' } })).toEqual([]);
      });

      it('a forbidden updateThread leaves the title, also when it asked for a rename and a pin together', async () => {
        const { forum, seed } = s;
        const f = await fixture();
        expect(codes(await updateThread(forum, seed.bob.token, f.slug, { title: 'Taken over' }))).toEqual(['FORBIDDEN']);
        expect(codes(await updateThread(forum, seed.alice.token, f.slug, { title: 'Renamed and pinned', tags: ['x'], isPinned: true })))
          .toEqual(['FORBIDDEN']);
        expect(await thread(f)).toMatchObject({ title: `Permission thread ${f.key}`, tags: [], isPinned: false });
      });

      it('an updateThread with one bad field changes none of the others', async () => {
        const { forum, seed } = s;
        const f = await fixture();
        expect(codes(await updateThread(forum, seed.moderator.token, f.slug, { title: 'Good title', tags: ['bad tag'], isPinned: true })))
          .toEqual(['BAD_USER_INPUT']);
        expect(codes(await updateThread(forum, seed.moderator.token, f.slug, { title: 'Good title', categorySlug: 'no-such-category' })))
          .toEqual(['NOT_FOUND']);
        expect(await thread(f)).toMatchObject({ title: `Permission thread ${f.key}`, tags: [], isPinned: false, category: { slug: 'garden' } });
      });

      it("a refused delete of a thread's first post keeps the whole thread", async () => {
        const { forum, seed } = s;
        const f = await fixture();
        const before = await snapshot();
        expect(await forum.code(DELETE_POST, { id: f.firstPostId }, seed.moderator.token)).toBe('BAD_USER_INPUT');
        expect((await thread(f)).posts.nodes.map((p: any) => p.id)).toEqual([f.firstPostId, f.replyId]);
        expect(await snapshot()).toEqual(before);
      });

      it('registering a taken username changes neither account', async () => {
        const { forum } = s;
        expect(await forum.code(`mutation { register(username: "ALICE", password: "another-password") { token } }`)).toBe('BAD_USER_INPUT');
        const login = `mutation($p: String!) { login(username: "alice", password: $p) { user { username displayName } } }`;
        expect((await forum.ok(login, { p: PASSWORD })).login.user).toEqual({ username: 'alice', displayName: 'alice' });
        expect(await forum.code(login, { p: 'another-password' })).toBe('UNAUTHENTICATED');
      });

      it('createCategory with a taken slug keeps the existing category as it was', async () => {
        const { forum, seed } = s;
        expect(await forum.code(CREATE_CATEGORY, { input: { slug: 'indoor', name: 'Impostor', parentSlug: 'garden' } }, seed.admin.token))
          .toBe('BAD_USER_INPUT');
        expect((await forum.ok(`{ category(slug: "indoor") { name parent { slug } } }`)).category).toEqual({ name: 'Indoor', parent: null });
      });
    });
  });
}
