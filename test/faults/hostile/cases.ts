// Generated hostile requests (fast-check arbitraries): every operation of the contract with strings, integers,
// cursors and enums an attacker would send, plus request shapes (deep, wide, batched, malformed, odd headers).
import fc from 'fast-check';
import type { RawRequest } from '../support/http.js';
import { markdownSoup } from './markdown.js';

export interface Fixture {
  memberToken: string;
  adminToken: string;
  threadSlug: string;
  postId: string;
  categorySlug: string;
  /** A cursor of threads(first: 1) and one of a thread's posts: mutated, swapped, forged. */
  listCursor: string;
  postCursor: string;
}

export interface HostileCase {
  name: string;
  request: RawRequest;
  /** A mutation whose failure must leave the database unchanged. */
  mutation: boolean;
}

const FRAGMENTS = [
  "'; DROP TABLE users; --", '" OR 1=1 --', "' UNION SELECT secret FROM accounts --", '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>', '\u0000', 'a\u0000b', '%00', '../../etc/passwd', '${jndi:ldap://127.0.0.1/a}', '{{7*7}}',
  '__proto__', 'constructor', 'null', 'undefined', 'NaN', '\u202Eevil', '\uFEFF', '\uD800', '\uDFFF', 'ﬀ', 'İ', 'ß', '😀'.repeat(50),
  'a'.repeat(65), 'a'.repeat(301), ' ', '', '\n\t\r', 'x:*', "'a':*", '!@#$%^&*()', '\\', '$1', 'select * from "threads"',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 10 }), fc.constantFrom(...FRAGMENTS)).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 1_050_000 }), fc.constantFrom('x', 'é', '😀', '\u0000', ' ')).map(([n, c]) => c.repeat(Math.floor(n / c.length))) },
);

const hostileInt: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(), fc.constantFrom(0, -1, 1, 100, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308),
  fc.double(), fc.constantFrom('5', null, true, [], {}, '1e3'),
);

function cursorArb(fixture: Fixture): fc.Arbitrary<string> {
  const forged = fc.tuple(fc.constantFrom(fixture.listCursor, fixture.postCursor), fc.array(fc.jsonValue(), { maxLength: 5 }))
    .map(([real, p]) => {
      const body = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as { b: string };
      return Buffer.from(JSON.stringify({ b: body.b, p })).toString('base64url');
    });
  const timeForged = fc.tuple(fc.constantFrom(fixture.listCursor, fixture.postCursor),
    fc.constantFrom('0000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '1-1-1'))
    .map(([real, time]) => {
      const body = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as { b: string; p: unknown[] };
      return Buffer.from(JSON.stringify({ b: body.b, p: body.p.map((v) => (typeof v === 'string' ? time : v)) })).toString('base64url');
    });
  const mutated = fc.tuple(fc.constantFrom(fixture.listCursor, fixture.postCursor), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([c, i, ch]) => c.slice(0, i % c.length) + ch + c.slice((i % c.length) + 1));
  return fc.oneof(fc.constantFrom(fixture.listCursor, fixture.postCursor), forged, timeForged, mutated, hostileString,
    fc.base64String({ maxLength: 600 }));
}

const gql = (query: string, variables: Record<string, unknown>, token?: string): RawRequest => ({
  body: JSON.stringify({ query, variables }),
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

/** One operation of the contract with hostile arguments. */
function operationArb(f: Fixture): fc.Arbitrary<HostileCase> {
  const s = hostileString;
  const slugish = fc.oneof(s, fc.constant(f.threadSlug));
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const tags = maybe(fc.array(s, { maxLength: 8 }));
  const anyToken = fc.constantFrom(f.memberToken, f.adminToken, undefined);
  const q = (name: string, query: string, vars: fc.Arbitrary<Record<string, unknown>>, token: fc.Arbitrary<string | undefined>, mutation = false) =>
    fc.tuple(vars, token).map(([v, t]): HostileCase => ({ name, request: gql(query, v, t), mutation }));
  return fc.oneof(
    q('thread', 'query($s: String!, $n: Int!, $a: String) { thread(slug: $s) { title excerpt posts(first: $n, after: $a) { nodes { id body } } } }',
      fc.record({ s: slugish, n: hostileInt, a: maybe(cursorArb(f)) }), anyToken),
    q('threads', 'query($f: ThreadFilter, $s: ThreadSort!, $n: Int!, $a: String) { threads(filter: $f, sort: $s, first: $n, after: $a) { totalCount nodes { slug } } }',
      fc.record({
        f: maybe(fc.record({ categorySlug: maybe(s), search: maybe(s), tags, authorUsername: maybe(s) })),
        s: fc.oneof(fc.constantFrom('LAST_ACTIVITY', 'NEWEST', 'OLDEST', 'MOST_POSTS', 'MOST_VIEWED'), s), n: hostileInt, a: maybe(cursorArb(f)),
      }), anyToken),
    q('category', 'query($s: String!) { category(slug: $s) { name children { slug } } }', fc.record({ s }), anyToken),
    q('createThread', 'mutation($i: CreateThreadInput!) { createThread(input: $i) { slug } }',
      fc.record({ i: fc.record({ categorySlug: fc.oneof(s, fc.constant(f.categorySlug)), title: s, body: s, tags }) }), anyToken, true),
    q('createPost', 'mutation($i: CreatePostInput!) { createPost(input: $i) { id bodyHTML } }',
      fc.record({ i: fc.record({ threadSlug: slugish, body: fc.oneof({ weight: 3, arbitrary: s }, { weight: 1, arbitrary: markdownSoup }) }) }), anyToken, true),
    q('editPost', 'mutation($id: ID!, $b: String!) { editPost(id: $id, body: $b) { id } }',
      fc.record({ id: fc.oneof(s, fc.constant(f.postId), hostileInt.map(String)), b: s }), anyToken, true),
    q('deletePost', 'mutation($id: ID!) { deletePost(id: $id) }', fc.record({ id: fc.oneof(s, hostileInt.map(String)) }), anyToken, true),
    q('toggleReaction', 'mutation($id: ID!, $t: ReactionType!) { toggleReaction(postId: $id, type: $t) { id } }',
      fc.record({ id: fc.oneof(s, fc.constant(f.postId)), t: fc.oneof(fc.constantFrom('LIKE', 'love'), s) }), anyToken, true),
    q('updateThread', 'mutation($s: String!, $i: UpdateThreadInput!) { updateThread(slug: $s, input: $i) { slug } }',
      fc.record({ s: slugish, i: fc.record({ title: maybe(s), tags, categorySlug: maybe(s), isPinned: maybe(fc.boolean()) }) }), anyToken, true),
    q('deleteThread', 'mutation($s: String!) { deleteThread(slug: $s) }', fc.record({ s }), anyToken, true),
    q('createCategory', 'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { slug } }',
      fc.record({ i: fc.record({ slug: s, name: s, description: maybe(s), icon: maybe(s), displayOrder: maybe(hostileInt), parentSlug: maybe(s) }) }),
      fc.constantFrom(f.adminToken, f.memberToken), true),
    q('updateCategory', 'mutation($s: String!, $i: UpdateCategoryInput!) { updateCategory(slug: $s, input: $i) { slug } }',
      fc.record({ s: fc.oneof(s, fc.constant(f.categorySlug)), i: fc.record({ name: maybe(s), description: maybe(s), icon: maybe(s), displayOrder: maybe(hostileInt) }) }),
      fc.constantFrom(f.adminToken, f.memberToken), true),
    q('register', 'mutation($u: String!, $p: String!, $d: String) { register(username: $u, password: $p, displayName: $d) { user { id } } }',
      fc.record({ u: s, p: s, d: maybe(s) }), fc.constant(undefined), true),
    q('login', 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', fc.record({ u: s, p: s }), fc.constant(undefined), true),
    q('setUserRole', 'mutation($u: String!, $r: Role!) { setUserRole(username: $u, role: $r) { id } }',
      fc.record({ u: s, r: fc.oneof(fc.constantFrom('MEMBER', 'ADMIN'), s) }), fc.constantFrom(f.adminToken, f.memberToken), true),
    // Reading a long thread: global ids, replies, answers and read marks.
    q('node', 'query($id: ID!) { node(id: $id) { id ... on Thread { slug } ... on Post { body } } }',
      fc.record({ id: fc.oneof(s, fc.constant(f.postId), hostileInt.map(String), s.map((x) => Buffer.from(`Post:${x}`).toString('base64url'))) }), anyToken),
    q('nodes', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      fc.record({ ids: fc.array(fc.oneof(s, fc.constant(f.postId)), { maxLength: 120 }) }), anyToken),
    q('createPost reply', 'mutation($i: CreatePostInput!) { createPost(input: $i) { id replyTo { id } } }',
      fc.record({ i: fc.record({ threadSlug: fc.oneof(slugish, fc.constant(f.threadSlug)), body: s, replyToPostId: maybe(fc.oneof(s, fc.constant(f.postId), hostileInt.map(String))) }) }), anyToken, true),
    q('markAnswer', 'mutation($p: ID!) { markAnswer(postId: $p) { answer { id } } }',
      fc.record({ p: fc.oneof(s, fc.constant(f.postId), hostileInt.map(String)) }), anyToken, true),
    q('unmarkAnswer', 'mutation($s: String!) { unmarkAnswer(threadSlug: $s) { slug } }', fc.record({ s: fc.oneof(slugish, fc.constant(f.threadSlug)) }), anyToken, true),
    q('markThreadRead', 'mutation($s: String!, $n: Int) { markThreadRead(slug: $s, upToPostNumber: $n) { viewerUnreadCount } }',
      fc.record({ s: fc.oneof(slugish, fc.constant(f.threadSlug)), n: maybe(hostileInt) }), anyToken, true),
    q('unreadThreads', 'query($n: Int!, $a: String) { unreadThreads(first: $n, after: $a) { totalCount nodes { slug viewerLastReadPostNumber } } }',
      fc.record({ n: hostileInt, a: maybe(cursorArb(f)) }), anyToken),
    // People: profiles, settings, reports and suspensions.
    q('user', 'query($u: String!, $n: Int!, $a: String) { user(username: $u) { bio threadCount postCount isSuspended threads(first: $n, after: $a) { totalCount } posts(first: $n, after: $a) { nodes { id } } } }',
      fc.record({ u: fc.oneof(s, fc.constantFrom('admin', 'ADMIN')), n: hostileInt, a: maybe(cursorArb(f)) }), anyToken),
    q('updateProfile', 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { displayName avatarUrl bio } }',
      fc.record({ i: fc.record({
        displayName: maybe(s), bio: maybe(s),
        avatarUrl: maybe(fc.oneof(s, fc.webUrl(), fc.constantFrom('http://x.example/a.png', 'javascript:alert(1)', 'https://', 'https:///a',
          `https://x.example/${'a'.repeat(490)}`, 'https://x.example/a b', 'HTTPS://X.EXAMPLE/A', 'data:image/png;base64,AAAA', ''))),
      }) }), anyToken, true),
    q('changePassword', 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }',
      fc.record({ c: s, n: s }), anyToken, true),
    q('reportPost', 'mutation($p: ID!, $r: ReportReason!, $n: String) { reportPost(postId: $p, reason: $r, note: $n) { id post { id } } }',
      fc.record({ p: fc.oneof(s, fc.constant(f.postId), hostileInt.map(String)), r: fc.oneof(fc.constantFrom('SPAM', 'OTHER'), s), n: maybe(s) }), anyToken, true),
    q('resolveReport', 'mutation($id: ID!, $r: ReportResolution!) { resolveReport(id: $id, resolution: $r) { id status } }',
      fc.record({ id: fc.oneof(s, hostileInt.map(String), fc.constantFrom('99999999', '0', '-1')), r: fc.oneof(fc.constantFrom('DISMISSED', 'deleted'), s) }),
      fc.constantFrom(f.adminToken, f.memberToken, undefined), true),
    q('reports', 'query($n: Int!, $a: String, $s: ReportStatus!) { reports(first: $n, after: $a, status: $s) { totalCount nodes { id post { id } } } }',
      fc.record({ n: hostileInt, a: maybe(cursorArb(f)), s: fc.oneof(fc.constantFrom('OPEN', 'RESOLVED'), s) }), anyToken),
    q('suspendUser', 'mutation($u: String!, $r: String!, $t: DateTime) { suspendUser(username: $u, reason: $r, until: $t) { isSuspended } }',
      fc.record({
        u: fc.oneof(s, fc.constantFrom('admin', 'ADMIN')), r: s,
        t: maybe(fc.oneof(s, fc.constantFrom('2000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', 'yesterday'))),
      }), fc.constantFrom(f.adminToken, f.memberToken), true),
    q('unsuspendUser', 'mutation($u: String!) { unsuspendUser(username: $u) { isSuspended } }',
      fc.record({ u: fc.oneof(s, fc.constantFrom('admin')) }), fc.constantFrom(f.adminToken, f.memberToken), true),
  );
}

/** Request shapes: depth, width, aliases, batches, malformed bodies and headers. */
function shapeArb(f: Fixture): fc.Arbitrary<HostileCase> {
  const raw = (name: string, request: RawRequest, mutation = false): HostileCase => ({ name, request, mutation });
  const deep = fc.integer({ min: 1, max: 40 }).map((d) => {
    let inner = 'id';
    for (let i = 0; i < d; i++) inner = i % 2 === 0 ? `posts(first: 2) { nodes { ${inner} } }` : `thread { ${inner} }`;
    return raw(`depth ${d}`, gql(`query($s: String!) { thread(slug: $s) { ${inner} } }`, { s: f.threadSlug }));
  });
  const aliases = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(
    'threads(first: 100) { nodes { title posts(first: 100) { nodes { body } } } }', '__typename', 'categories { slug }',
    '__schema { types { name fields { name } } }', `thread(slug: "${f.threadSlug}") { title }`,
  )).map(([n, field]) => raw(`${n} aliases of ${field.slice(0, 20)}`, gql(`{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`, {})));
  const fanOut = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 4 })).map(([levels, spreads]) => raw(`${levels} fragments spreading the next ${spreads} times`,
    gql(`query { ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { __typename ${`...F${i + 1} `.repeat(spreads)}}`).join(' ')} fragment F${levels} on Query { categories { slug } }`, {})));
  const repeated = fc.integer({ min: 1, max: 60_000 }).map((n) => raw(`${n} repeated fields`, gql(`{ ${'__typename '.repeat(n)}}`, {})));
  const batch = fc.integer({ min: 0, max: 300 }).map((n) => raw(`batch of ${n}`, {
    body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ categories { slug } }' }))), headers: { 'content-type': 'application/json' },
  }));
  const json = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.integer({ min: 1, max: 400 }).map((n) => JSON.stringify({ query: '{ categories { slug } }' }).slice(0, n)),
    fc.integer({ min: 1, max: 500_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.constantFrom('{"query": 5}', '{"query": null}', '{"query": "{ categories { slug } }", "variables": []}', '{"operationName": {}}',
      '{"query": "query A { __typename } query B { __typename }"}', '{"query": "{ categories { slug } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}'),
  ).map((body) => raw('malformed JSON', { body, headers: { 'content-type': 'application/json' } }));
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => raw('random bytes', { body: Buffer.from(b), headers: { 'content-type': 'application/json' } }));
  const headers = fc.tuple(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/graphql', ''),
    fc.oneof(fc.constant(undefined), fc.constantFrom('Bearer', 'Bearer x', `Bearer ${'A'.repeat(43)}`, 'Basic YTpi', `Bearer ${f.memberToken} extra`), hostileString.map((h) => h.replace(/[^\x20-\x7e]/g, '')).map((h) => `Bearer ${h}`)))
    .map(([type, auth]) => raw(`content-type ${type || 'none'}, auth ${auth?.slice(0, 12)}`, {
      body: JSON.stringify({ query: '{ categories { slug } }' }), headers: { ...(type ? { 'content-type': type } : {}), ...(auth ? { authorization: auth } : {}) },
    }));
  const get = fc.tuple(hostileString, fc.boolean()).map(([query, preflight]) => raw('GET', {
    method: 'GET', path: `/graphql?query=${encodeURIComponent(query.slice(0, 4000).replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`, headers: preflight ? { 'apollo-require-preflight': 'true' } : {},
  }));
  // HTTP caching: junk validators on reads the fast path answers (GET and POST), and malformed persisted queries.
  const headerSafe = hostileString.map((h) => h.replace(/[^\x20-\x7e]/g, ''));
  const ifNoneMatch = fc.tuple(fc.oneof(headerSafe, fc.constantFrom('*', 'W/', '"', '""', 'W/"x", *', ',,,,', ' , W/ ,"', `"${'a'.repeat(8000)}"`, 'W/"'.repeat(2000))), fc.boolean())
    .map(([tag, viaGet]) => raw(`If-None-Match ${tag.slice(0, 12)}`, viaGet
      ? { method: 'GET', path: `/graphql?query=${encodeURIComponent('{ categories { slug } }')}`, headers: { 'content-type': 'application/json', 'if-none-match': tag } }
      : { body: JSON.stringify({ query: '{ categories { slug } }' }), headers: { 'content-type': 'application/json', 'if-none-match': tag } }));
  const persisted = fc.oneof(
    fc.jsonValue(), hostileString, fc.constantFrom(null, 1, [], '{', 'x'.repeat(12_000)),
    fc.record({ persistedQuery: fc.oneof(fc.jsonValue(), fc.record({ version: fc.oneof(fc.constantFrom(1, 2, 0, -1, '1'), fc.jsonValue()),
      sha256Hash: fc.oneof(hostileString, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.jsonValue(), fc.constant('f'.repeat(10_000))) })) }),
  );
  const apq = fc.tuple(persisted, fc.boolean(), fc.boolean()).map(([extensions, withQuery, viaGet]) => {
    const text = typeof extensions === 'string' ? extensions : JSON.stringify(extensions);
    const query = withQuery ? '{ categories { slug } }' : undefined;
    return raw(`persisted query ${viaGet ? 'GET' : 'POST'} ${String(text).slice(0, 16)}`, viaGet
      ? { method: 'GET', path: `/graphql?${new URLSearchParams({ ...(query ? { query } : {}), extensions: String(text).replace(/[\uD800-\uDFFF]/g, '\uFFFD') })}`, headers: { 'content-type': 'application/json' } }
      : { body: `{${query ? `"query":${JSON.stringify(query)},` : ''}"extensions":${JSON.stringify(extensions) ?? 'null'}}`, headers: { 'content-type': 'application/json' } });
  });
  const method = fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'TRACE').map((m) => raw(`method ${m}`, { method: m, body: '{}' }));
  const text = fc.array(fc.constantFrom('{', '}', '(', ')', 'query', 'mutation', 'fragment', 'on', '...', '$x', ':', '"a"', 'threads', '@include', 'first', '1', '#', '[', ']', '!'), { maxLength: 60 })
    .map((tokens) => raw('query text fuzz', gql(tokens.join(' '), {})));
  return fc.oneof(deep, aliases, fanOut, repeated, batch, json, bytes, headers, get, ifNoneMatch, apq, method, text);
}

export function generateCases(fixture: Fixture, count: number, seed: number): HostileCase[] {
  const arb = fc.oneof({ weight: 3, arbitrary: operationArb(fixture) }, { weight: 2, arbitrary: shapeArb(fixture) });
  return fc.sample(arb, { numRuns: count, seed });
}
