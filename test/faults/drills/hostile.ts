// Drill 4: hostile input. First every row of docs/api.md's limits (and README's request-shape limits), each with the
// answer it must get; then FAULT_HOSTILE_CASES generated cases over the whole contract. Every answer must be a
// GraphQL response with data or coded errors (or the 400/401/405/413 of docs/api.md, 431 for headers over 16 KiB), never an internal error or a
// 5xx; a refused mutation must leave the database as it was; both servers must stay up and answer quickly.
// Persisted queries (test/faults/hostile/persisted.ts): malformed, huge and mismatched hashes on both servers; then a
// third server with PERSISTED_QUERIES=only gets its refusals and a quarter of the generated cases, and must never
// answer data for a document outside its manifest.
// Markdown bombs (test/faults/hostile/markdown.ts: link floods, deep nesting, huge tables, unclosed syntax), each sent
// with a light read alongside that must be answered as quickly; a fuzz of Markdown syntax is among createPost's bodies.
// Then the same over the subscriptions WebSocket (test/faults/hostile/websocket.ts: junk frames, protocol misuse, floods).
import { Redis } from 'ioredis';
import postgres from 'postgres';
import type { Environment } from '../support/environment.js';
import { fingerprint } from '../support/fingerprint.js';
import { HttpClient, type RawRequest, type RawResponse } from '../support/http.js';
import { generateCases, type Fixture, type HostileCase } from '../hostile/cases.js';
import { markdownBombCases } from '../hostile/markdown.js';
import { onlyCases, persistedCases, ranOutsideManifest, writeOnlyManifest, type Expectation } from '../hostile/persisted.js';
import { websocketDrill } from '../hostile/websocket.js';
import type { DrillReport } from './report.js';

/** A source address of its own: failed logins here must not lock out the other drills' addresses. */
const SOURCE = '127.0.0.50';
const SLOW_MS = 5000;
const MAX_BODY_BYTES = 1024 * 1024;
const ALLOWED_STATUS = new Set([200, 400, 401, 405, 413, 431]);

interface LimitCase extends HostileCase { expect: Expectation }

const gqlReq = (query: string, variables: Record<string, unknown> = {}, token?: string): RawRequest => ({
  body: JSON.stringify({ query, variables }),
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

const gqlReqExt = (query: string, extensions: unknown): RawRequest => ({
  body: JSON.stringify({ query, extensions }), headers: { 'content-type': 'application/json' },
});

function limitCases(f: Fixture, otherCursor: string, adminUsername: string): LimitCase[] {
  const bad = { code: 'BAD_USER_INPUT' };
  const ok = { ok: true };
  const list = (args: string) => gqlReq(`{ threads(${args}) { totalCount } }`);
  const create = (input: Record<string, unknown>) => gqlReq('mutation($i: CreateThreadInput!) { createThread(input: $i) { slug } }',
    { i: { categorySlug: f.categorySlug, title: 'A fine title', body: 'A fine body', ...input } }, f.memberToken);
  const register = (u: string, p: string, d?: string) => gqlReq('mutation($u: String!, $p: String!, $d: String) { register(username: $u, password: $p, displayName: $d) { token } }', { u, p, d });
  const category = (input: Record<string, unknown>) => gqlReq('mutation($i: CreateCategoryInput!) { createCategory(input: $i) { slug } }',
    { i: { slug: 'fine-slug-x', name: 'Fine', ...input } }, f.adminToken);
  const profile = (input: Record<string, unknown>) => gqlReq('mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }', { i: input }, f.memberToken);
  /** A query exactly d fields deep: thread > posts > nodes > thread > posts > nodes ... > a leaf. */
  const deep = (d: number) => {
    const path = Array.from({ length: d - 1 }, (_, i) => ['thread', 'posts(first: 1)', 'nodes'][i % 3]!);
    path[0] = 'thread(slug: $s)';
    const leaf = path.at(-1)!.startsWith('posts') ? 'totalCount' : 'id';
    const text = path.reduceRight((inner, field) => `${field} { ${inner} }`, leaf);
    return gqlReq(`query($s: String!) { ${text} }`, { s: f.threadSlug });
  };
  const cases: [string, RawRequest, Expectation, boolean?][] = [
    ['first 0', list('first: 0'), bad], ['first 101', list('first: 101'), bad], ['first 1', list('first: 1'), ok], ['first 100', list('first: 100'), ok],
    ['after: a cursor of another filter', list(`first: 1, filter: { tags: ["zzz"] }, after: "${f.listCursor}"`), bad],
    ['after: a post cursor', list(`first: 1, after: "${f.postCursor}"`), bad],
    ['after: garbage', list('first: 1, after: "not a cursor"'), bad],
    ['after: a cursor of another sort', list(`first: 1, sort: NEWEST, after: "${otherCursor}"`), bad],
    ['search 201 characters', list(`filter: { search: "${'a'.repeat(201)}" }`), bad], ['search 200 characters', list(`filter: { search: "${'a'.repeat(200)}" }`), ok],
    ['6 filter tags', list('filter: { tags: ["a","b","c","d","e","f"] }'), bad], ['a 31-character filter tag', list(`filter: { tags: ["${'a'.repeat(31)}"] }`), bad],
    ['a filter tag with a space', list('filter: { tags: ["a b"] }'), bad], ['an upper-case filter tag', list('filter: { tags: ["RED"] }'), ok],
    ['6 thread tags', create({ tags: ['a', 'b', 'c', 'd', 'e', 'f'] }), bad, true], ['a thread tag with !', create({ tags: ['bad!'] }), bad, true],
    ['username of 2', register('ab', 'long-enough-pw'), bad, true], ['username of 33', register('a'.repeat(33), 'long-enough-pw'), bad, true],
    ['username with a space', register('a b c', 'long-enough-pw'), bad, true], ['username taken ignoring case', register(adminUsername.toUpperCase(), 'long-enough-pw'), bad, true],
    ['password of 7', register('fine_user_1', '1234567'), bad, true], ['password of 257', register('fine_user_2', 'p'.repeat(257)), bad, true],
    ['blank displayName', register('fine_user_3', 'long-enough-pw', '   '), bad, true], ['displayName of 65', register('fine_user_4', 'long-enough-pw', 'd'.repeat(65)), bad, true],
    ['title of 2 after trimming', create({ title: '  ab  ' }), bad, true], ['title of 201', create({ title: 't'.repeat(201) }), bad, true],
    ['blank body', create({ body: '   ' }), bad, true], ['body of 20,001', create({ body: 'b'.repeat(20_001) }), bad, true],
    ['category slug with _', category({ slug: 'bad_slug' }), bad, true], ['category slug of 65', category({ slug: 'a'.repeat(65) }), bad, true],
    ['category slug taken', category({ slug: f.categorySlug }), bad, true], ['category name empty', category({ name: '' }), bad, true],
    ['category name of 101', category({ name: 'n'.repeat(101) }), bad, true], ['description of 1,001', category({ description: 'd'.repeat(1001) }), bad, true],
    ['icon of 65', category({ icon: 'i'.repeat(65) }), bad, true],
    ['depth 10', deep(10), ok], ['depth 11', deep(11), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['deep introspection', gqlReq('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }'), ok],
    ['body over 1 MiB', { body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` }), headers: { 'content-type': 'application/json' } }, { status: 413 }],
    ['malformed JSON', { body: '{"query": ', headers: { 'content-type': 'application/json' } }, { status: 400 }],
    ['PUT', { method: 'PUT', body: '{}' }, { status: 405 }], ['DELETE', { method: 'DELETE' }, { status: 405 }],
    ['query cost over 10,000', gqlReq('{ threads(first: 100) { nodes { posts(first: 100) { nodes { body } } } } }'), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['a thread page of 100 posts', gqlReq(`{ thread(slug: "${f.threadSlug}") { title author { username } posts(first: 100) { totalCount edges { cursor node { id body createdAt author { username displayName role } reactionCounts { like helpful love } viewerReactions } } } } }`), ok],
    ['51 aliases', gqlReq(`{ ${Array.from({ length: 51 }, (_, i) => `a${i}: __typename`).join(' ')} }`), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['50 aliases', gqlReq(`{ ${Array.from({ length: 50 }, (_, i) => `a${i}: __typename`).join(' ')} }`), ok],
    ['20,001 tokens', gqlReq(`{ ${'__typename '.repeat(20_001)}}`), { status: 400, code: 'GRAPHQL_PARSE_FAILED' }],
    ['40 fragments each spreading the next twice', gqlReq(`query { ...F0 } ${Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { categories { slug } ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F40 on Query { __typename }`),
      { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }],
    ['a junk If-None-Match', { ...gqlReq('{ categories { slug } }'), headers: { 'content-type': 'application/json', 'if-none-match': '"junk", W/"", x' } }, ok],
    ['an unknown persisted query hash', { method: 'GET', path: `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }))}`, headers: { 'content-type': 'application/json' } }, { status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' }],
    ['a persisted query hash that does not match', gqlReqExt('{ categories { slug } }', { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } }), { status: 400, code: 'BAD_REQUEST' }],
    ['a persisted query of version 2', gqlReqExt('{ categories { slug } }', { persistedQuery: { version: 2, sha256Hash: 'f'.repeat(64) } }), { status: 400 }],
    // People (docs/api.md, "People").
    ['avatarUrl over http', profile({ avatarUrl: 'http://img.example/a.png' }), bad, true],
    ['avatarUrl of 501', profile({ avatarUrl: `https://img.example/${'a'.repeat(481)}` }), bad, true],
    ['avatarUrl javascript:', profile({ avatarUrl: 'javascript:alert(1)' }), bad, true],
    ['bio of 2,001', profile({ bio: 'b'.repeat(2001) }), bad, true], ['bio of 2,000', profile({ bio: 'b'.repeat(2000) }), ok],
    ['a report of an unknown post', gqlReq('mutation { reportPost(postId: "99999999", reason: SPAM) { id } }', {}, f.memberToken), { code: 'NOT_FOUND' }, true],
    ['a report note of 1,001', gqlReq('mutation($p: ID!, $n: String) { reportPost(postId: $p, reason: OTHER, note: $n) { id } }', { p: f.postId, n: 'n'.repeat(1001) }, f.memberToken), bad, true],
    ['resolving an unknown report', gqlReq('mutation { resolveReport(id: "99999999", resolution: DISMISSED) { id } }', {}, f.adminToken), { code: 'NOT_FOUND' }, true],
    ['a member resolving a report', gqlReq('mutation { resolveReport(id: "1", resolution: POST_DELETED) { id } }', {}, f.memberToken), { code: 'FORBIDDEN' }, true],
    ['a member reading the queue', gqlReq('{ reports { totalCount } }', {}, f.memberToken), { code: 'FORBIDDEN' }],
    ['suspending an admin', gqlReq('mutation($u: String!) { suspendUser(username: $u, reason: "x") { id } }', { u: adminUsername }, f.adminToken), { code: 'FORBIDDEN' }, true],
    ['suspending until the past', gqlReq('mutation($u: String!) { suspendUser(username: $u, reason: "x", until: "2001-01-01T00:00:00.000Z") { id } }', { u: adminUsername }, f.adminToken), bad, true],
    ['a suspension reason of 501', gqlReq('mutation($u: String!, $r: String!) { suspendUser(username: $u, reason: $r) { id } }', { u: adminUsername, r: 'r'.repeat(501) }, f.adminToken), bad, true],
    ['a profile of no one', gqlReq('{ user(username: "no-such-user-here") { id } }'), ok],
    ['a batch of 2', { body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), headers: { 'content-type': 'application/json' } }, { status: 400, code: 'BAD_REQUEST' }],
  ];
  return [...cases.map(([name, request, expect, mutation]) => ({ name: `limit: ${name}`, request, expect, mutation: !!mutation })), ...persistedCases()];
}

/** What is wrong with an answer to a hostile request, or null. */
function judge(c: HostileCase, res: RawResponse | Error, ms: number, expect?: Expectation): string | null {
  if (res instanceof Error) {
    // A body over the limit is answered 413 before it is read, and the connection closed: a client still sending
    // may see the reset before the answer (as with any server that refuses early). That is a refusal too.
    const headerBytes = Buffer.byteLength(JSON.stringify(c.request.headers ?? {}) + (c.request.path ?? ''));
    const oversized = Buffer.byteLength(c.request.body ?? '') > MAX_BODY_BYTES || headerBytes > 16 * 1024;
    return oversized && /EPIPE|ECONNRESET/.test(res.message) ? null : `no answer: ${res.message}`;
  }
  if (ms > SLOW_MS) return `answered after ${ms} ms`;
  // A 304 only for a validator the request sent (`*`, or the current ETag), and never with a body.
  if (res.status === 304) return c.request.headers?.['if-none-match'] === undefined ? 'a 304 to a request without If-None-Match' : res.text === '' ? null : 'a 304 with a body';
  if (!ALLOWED_STATUS.has(res.status)) return `HTTP ${res.status}`;
  const body = res.json as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] } | undefined;
  if (c.request.method !== 'HEAD' && (!body || typeof body !== 'object')) return `not a JSON object: ${res.text.slice(0, 80)}`;
  if (body && !('data' in body) && !('errors' in body)) return 'neither data nor errors';
  const codes = (body?.errors ?? []).map((e) => e.extensions?.code);
  if (codes.some((code) => typeof code !== 'string')) return 'an error without a code';
  if (codes.includes('INTERNAL_SERVER_ERROR')) return `an internal error: ${res.text.slice(0, 200)}`;
  if (expect?.status !== undefined && res.status !== expect.status) return `HTTP ${res.status}, expected ${expect.status}: ${res.text.slice(0, 150)}`;
  if (expect?.code !== undefined && !codes.includes(expect.code)) return `codes ${JSON.stringify(codes)}, expected ${expect.code}: ${res.text.slice(0, 150)}`;
  if (expect?.ok && (res.status !== 200 || codes.length > 0)) return `expected data, got ${res.text.slice(0, 150)}`;
  return null;
}

export async function hostileDrill(env: Environment, count: number, seed: number): Promise<{ report: DrillReport; cases: number }> {
  const servers = [...env.servers];
  const [a, b] = servers.map((s) => new HttpClient(s.baseUrl, SOURCE));
  const sql = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  const findings: string[] = [];
  const started = Date.now();
  let ran = 0;
  let slowest = 0;
  let onlyServer: Awaited<ReturnType<Environment['startServer']>> | undefined;
  let only: HttpClient | undefined;
  /** Sends one case, judges the answer and (for a mutation) the database; returns the answer. */
  const run = async (client: HttpClient, c: HostileCase & { expect?: Expectation }, label = '') => {
    const before = c.mutation ? await fingerprint(sql) : null;
    const t0 = Date.now();
    const res = await client.raw({ ...c.request, timeoutMs: 15_000 }).catch((e: Error) => e);
    const ms = Date.now() - t0;
    slowest = Math.max(slowest, ms);
    ran++;
    let problem = judge(c, res, ms, c.expect);
    if (!problem && client === only && !(res instanceof Error)) problem = ranOutsideManifest(c.request, res);
    if (!problem && before !== null && !(res instanceof Error) && (res.status !== 200 || (res.json?.errors?.length ?? 0) > 0)) {
      if (await fingerprint(sql) !== before) problem = 'a refused mutation changed the database';
    }
    if (problem) findings.push(`${label}${c.name}: ${problem}`);
    if (ran % 100 === 0) {
      const down = env.servers.filter((s) => !s.alive).map((s) => s.name);
      if (down.length > 0) throw new Error(`${down.join(', ')} died after hostile case ${ran} (${c.name})`);
    }
  };
  try {
    const fixture = await makeFixture(a!, env);
    const other = (await a!.ok('{ threads(first: 1, sort: OLDEST) { edges { cursor } } }')).threads.edges[0].cursor as string;
    const generated = generateCases(fixture, count, seed);
    const cases: (HostileCase & { expect?: Expectation })[] = [...limitCases(fixture, other, env.admin.username), ...generated];
    for (const c of cases) await run(ran % 2 === 0 ? a! : b!, c);
    // Markdown bombs, each with a light read sent alongside: rendering runs off the event loop, so the read is as quick.
    for (const c of markdownBombCases(fixture)) {
      const client = ran % 2 === 0 ? a! : b!;
      const t0 = Date.now();
      const read = client.raw({ ...gqlReq('{ categories { slug } }'), timeoutMs: 15_000 }).then(() => Date.now() - t0, (e: Error) => e);
      await run(client, c);
      const readMs = await read;
      if (readMs instanceof Error) findings.push(`${c.name}: a read sent alongside got no answer: ${readMs.message}`);
      else if (readMs > SLOW_MS) findings.push(`${c.name}: a read sent alongside took ${readMs} ms`);
    }
    findings.push(...await junkLookups(a!, env));
    findings.push(...await persistedKeysExpire(env));

    // Trusted documents: a server of its own (its own Redis database: responses the others stored are not its).
    onlyServer = await env.startServer('server-only', {
      PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: writeOnlyManifest(env.dir), REDIS_URL: `${env.proxy.url}/2`,
    });
    only = new HttpClient(onlyServer.baseUrl, SOURCE);
    for (const c of onlyCases(fixture)) await run(only, c);
    for (const [i, c] of generated.entries()) if (i % 4 === 0) await run(only, c, 'on server-only, ');

    for (const server of servers) {
      const ws = await websocketDrill(server.baseUrl, { token: fixture.memberToken, threadSlug: fixture.threadSlug });
      ran += ws.cases;
      findings.push(...ws.findings.map((p) => `${server.name} over WebSocket: ${p}`));
      if (!server.alive) throw new Error(`${server.name} died in the WebSocket cases`);
    }
    for (const client of [a!, b!, only!]) {
      const health = await client.healthz().catch(() => ({ status: 0 }));
      if (health.status !== 200) findings.push(`${client.baseUrl} /healthz answers ${health.status} after the hostile cases`);
    }
  } catch (error) {
    findings.push(`the drill stopped: ${(error as Error).message}`);
  } finally {
    await sql.end();
    a!.close();
    b!.close();
    only?.close();
    await onlyServer?.stop(); // stays listed: the log scan reads its lines
  }
  return {
    cases: ran,
    report: {
      name: 'hostile input', ok: findings.length === 0,
      lines: [`${ran} cases (docs/api.md's limits, then ${count} generated, seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest answer ${slowest} ms; ${findings.length} findings`],
      problems: findings.slice(0, 25),
    },
  };
}

async function makeFixture(api: HttpClient, env: Environment): Promise<Fixture> {
  const { login } = await api.ok('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: env.admin.username, p: env.admin.password });
  const { register } = await api.ok('mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token } }',
    { u: `hostile_${env.runId}`, p: `hostile-pw-${env.runId}` });
  const categorySlug = `hostile-${env.runId}`;
  await api.ok('mutation($s: String!) { createCategory(input: { slug: $s, name: "Hostile" }) { slug } }', { s: categorySlug }, login.token);
  const { createThread } = await api.ok(`mutation($c: String!) { createThread(input: { categorySlug: $c, title: "Target thread", body: "Target body" }) {
    slug posts { nodes { id } } } }`, { c: categorySlug }, register.token);
  await api.ok('mutation($s: String!) { createPost(input: { threadSlug: $s, body: "second" }) { id } }', { s: createThread.slug }, register.token);
  const page = await api.ok('query($s: String!) { thread(slug: $s) { posts(first: 1) { edges { cursor } } } }', { s: createThread.slug });
  const list = await api.ok('{ threads(first: 1) { edges { cursor } } }');
  return {
    memberToken: register.token, adminToken: login.token, threadSlug: createThread.slug, postId: createThread.posts.nodes[0].id,
    categorySlug, listCursor: list.threads.edges[0].cursor, postCursor: page.thread.posts.edges[0].cursor,
  };
}

/** Keys Redis keeps for ever (no TTL): nothing an anonymous client sends may add to them without bound. */
async function persistentKeys(redis: Redis): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    if (batch.length === 0) continue;
    const ttls = await redis.pipeline(batch.map((key) => ['ttl', key])).exec();
    count += (ttls ?? []).filter(([, ttl]) => ttl === -1).length;
  } while (cursor !== '0');
  return count;
}

/** Persisted queries' documents and their index in Redis: each with a TTL, whatever the hostile cases sent. */
async function persistedKeysExpire(env: Environment): Promise<string[]> {
  const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', 'forum:{apq}:*', 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    const ttls = await Promise.all(found.map((key) => redis.ttl(key)));
    const forever = found.filter((_, i) => ttls[i] === -1);
    const malformed = found.filter((key) => key.startsWith('forum:{apq}:doc:') && !/^forum:\{apq\}:doc:[0-9a-f]{64}$/.test(key));
    return [
      ...(found.length === 0 ? ['no persisted query was registered in Redis (the registration case should have made one)'] : []),
      ...(forever.length > 0 ? [`persisted-query keys without a TTL: ${forever.slice(0, 3).join(', ')}`] : []),
      ...(malformed.length > 0 ? [`persisted-query keys not named by a SHA-256: ${malformed.slice(0, 3).join(', ')}`] : []),
    ];
  } finally {
    redis.disconnect();
  }
}

/** 300 lookups of slugs that name nothing: Redis may cache the answers for a while, but must not keep them for ever. */
async function junkLookups(api: HttpClient, env: Environment): Promise<string[]> {
  const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const before = await persistentKeys(redis);
    for (let i = 0; i < 100; i++) {
      const junk = `junk-${env.runId}-${i}-${'x'.repeat(200)}`;
      await api.gql(`query($s: String!, $c: String!) { thread(slug: $s) { id } category(slug: $c) { id } threads(filter: { categorySlug: $c }) { totalCount } }`,
        { s: junk, c: junk.slice(0, 60) });
    }
    const grown = await persistentKeys(redis) - before;
    return grown > 10 ? [`300 lookups of slugs that name nothing left ${grown} keys without a TTL in Redis: junk requests grow it without bound`] : [];
  } finally {
    redis.disconnect();
  }
}
