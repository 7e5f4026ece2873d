// Drill 5: security. Passwords are stored only hashed (the database is searched for them); tokens carry at least
// 128 random bits, are stored only hashed, and logout revokes them on every process; login is rate-limited per
// source address and per username with a coded error, also under a concurrent burst; no viewer data crosses users
// with the cache on; CSRF prevention is on. scanLogs() reads every default (info) log line for stacks, SQL and secrets.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inspectLogLine, registerLogSecret, registerSecret } from '../support/audit.js';
import type { Environment } from '../support/environment.js';
import { firstCode, HttpClient } from '../support/http.js';
import type { DrillReport } from './report.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const REGISTER = 'mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token } }';
const MAX_FAILURES = 10; // LOGIN_MAX_FAILURES's default

export async function securityDrill(env: Environment): Promise<DrillReport> {
  const problems: string[] = [];
  const lines: string[] = [];
  const base = env.servers[0]!.baseUrl;
  const from = (address: string, server = base) => new HttpClient(server, address);
  const clients: HttpClient[] = [];
  const client = (address: string, server = base) => { const c = from(address, server); clients.push(c); return c; };
  const sql = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); return ok; };
  try {
    const api = client('127.0.0.60');
    const other = client('127.0.0.60', env.servers[1]!.baseUrl);
    const users = ['a', 'b', 'c', 'd'].map((k) => ({ username: `sec_${k}_${env.runId}`, password: `Pw-${randomBytes(9).toString('base64url')}` }));
    const tokens: string[] = [];
    for (const u of users) {
      registerSecret(u.password);
      const data = await api.ok(REGISTER, { u: u.username, p: u.password });
      tokens.push(data.register.token);
    }

    // Passwords: only a salted slow hash, and nowhere else in the database.
    const [row] = await sql`select password_hash from users where username = ${users[0]!.username}`;
    const hash = String(row?.password_hash ?? '');
    const hashed = check(/^(scrypt|\$argon2)/.test(hash) && !hash.includes(users[0]!.password), `password stored as ${hash.slice(0, 12)}…, not as a slow hash`);
    const tables = ['users', 'sessions', 'login_failures', 'threads', 'posts', 'categories', 'cache_outbox'];
    let found = 0;
    for (const table of tables) {
      for (const secret of [users[0]!.password, tokens[0]!]) {
        const [hit] = await sql.unsafe(`select count(*)::int as n from ${table} t where t::text like '%' || $1 || '%'`, [secret]);
        found += hit!.n;
      }
    }
    check(found === 0, `a password or a token is stored in plain text (${found} rows)`);
    lines.push(`passwords: stored as ${hash.split('$')[0]} hashes${hashed ? '' : ' (NOT)'}; plain passwords or tokens found in the database: ${found}`);

    // Tokens: distinct, at least 128 bits, balanced bits; logout revokes on both processes.
    const issued: string[] = [];
    for (let i = 0; i < 20; i++) issued.push((await api.ok(LOGIN, { u: users[1]!.username, p: users[1]!.password })).login.token);
    issued.forEach(registerLogSecret);
    tokens.forEach(registerLogSecret);
    const bytes = Buffer.concat(issued.map((t) => Buffer.from(t, 'base64url')));
    let ones = 0;
    for (const byte of bytes) for (let b = byte; b; b >>= 1) ones += b & 1;
    const minBits = Math.min(...issued.map((t) => Buffer.from(t, 'base64url').length * 8));
    const balance = ones / (bytes.length * 8);
    check(new Set(issued).size === issued.length, 'two logins got the same token');
    check(minBits >= 128, `tokens carry only ${minBits} bits`);
    check(balance > 0.45 && balance < 0.55, `token bits are not balanced (${balance.toFixed(3)} ones)`);
    const revoked = issued[0]!;
    const before = await other.gql('{ viewer { username } }', {}, revoked);
    await api.ok('mutation { logout }', {}, revoked);
    const afterA = await api.gql('{ viewer { username } }', {}, revoked);
    const afterB = await other.gql('{ viewer { username } }', {}, revoked);
    const stillValid = await other.gql('{ viewer { username } }', {}, issued[1]);
    check(before.data?.viewer?.username === users[1]!.username, 'a fresh token did not authenticate');
    const revokes = check(firstCode(afterA) === 'UNAUTHENTICATED' && firstCode(afterB) === 'UNAUTHENTICATED',
      `a revoked token still works (${afterA.status} / ${afterB.status})`);
    check(stillValid.data?.viewer?.username === users[1]!.username, 'logout revoked the user\'s other tokens too');
    lines.push(`tokens: ${issued.length} logins, all distinct, ${minBits} bits each, ${(balance * 100).toFixed(1)}% one bits; logout revokes on both servers: ${revokes ? 'yes' : 'NO'}`);

    // Login limits: per source address, per username, and under a concurrent burst.
    const oneIp = client('127.0.0.61');
    for (let i = 0; i < MAX_FAILURES; i++) await oneIp.gql(LOGIN, { u: `nobody_${i}_${env.runId}`, p: 'wrong-password' });
    const ipLimited = firstCode(await oneIp.gql(LOGIN, { u: users[2]!.username, p: users[2]!.password }));
    const elsewhere = await client('127.0.0.62').gql(LOGIN, { u: users[2]!.username, p: users[2]!.password });
    check(ipLimited === 'TOO_MANY_REQUESTS', `after ${MAX_FAILURES} failed logins from one address, the next got ${ipLimited ?? 'a token'}`);
    check(!!elsewhere.data?.login, 'the address limit locked out another address');
    for (let i = 0; i < MAX_FAILURES; i++) await client(`127.0.0.${70 + i}`).gql(LOGIN, { u: users[3]!.username, p: 'wrong-password' });
    const userLimited = firstCode(await client('127.0.0.90').gql(LOGIN, { u: users[3]!.username, p: users[3]!.password }));
    check(userLimited === 'TOO_MANY_REQUESTS', `after ${MAX_FAILURES} failed logins for one username from many addresses, the next got ${userLimited ?? 'a token'}`);
    const target = `sec_burst_${env.runId}`;
    await api.ok(REGISTER, { u: target, p: 'burst-password-1' });
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => client(`127.0.1.${i + 1}`, env.servers[i % 2]!.baseUrl)
      .gql(LOGIN, { u: target, p: `wrong-${i}` })));
    const verified = burst.filter((r) => firstCode(r) === 'UNAUTHENTICATED').length;
    const refused = burst.filter((r) => firstCode(r) === 'TOO_MANY_REQUESTS').length;
    check(verified <= MAX_FAILURES, `a burst of 40 concurrent wrong logins for one username got ${verified} password checks (the limit is ${MAX_FAILURES})`);
    lines.push(`login limits: per address ${ipLimited}, per username ${userLimited}; a burst of 40 concurrent wrong logins: ${verified} checked, ${refused} refused`);

    // Viewer data with the cache on: each user sees only their own reactions, on both processes, cached or not.
    const [alice, bob] = [tokens[0]!, tokens[1]!];
    const thread = (await api.ok(`mutation { createThread(input: { categorySlug: "${(await ownCategory(api, env))}", title: "Viewer data", body: "mine" }) { slug posts { nodes { id } } } }`, {}, alice)).createThread;
    const postId = thread.posts.nodes[0].id;
    await api.ok(`mutation { toggleReaction(postId: "${postId}", type: LIKE) { id } }`, {}, alice);
    await other.ok(`mutation { toggleReaction(postId: "${postId}", type: LOVE) { id } }`, {}, bob);
    const q = `{ thread(slug: "${thread.slug}") { posts { nodes { viewerReactions reactionCounts { like love } } } } viewer { username } }`;
    const seen: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [who, token, expected, name] of [['alice', alice, ['LIKE'], users[0]!.username], ['bob', bob, ['LOVE'], users[1]!.username], ['anonymous', undefined, [], null]] as const) {
        for (const server of [api, other]) {
          const res = await server.gql(q, {}, token);
          const shown = res.data?.thread?.posts.nodes[0].viewerReactions;
          if (JSON.stringify(shown) !== JSON.stringify(expected) || (res.data?.viewer?.username ?? null) !== name) {
            seen.push(`${who} on ${server.baseUrl} saw ${JSON.stringify(shown)} as ${res.data?.viewer?.username}`);
          }
        }
      }
    }
    check(seen.length === 0, `viewer data crossed users: ${seen.slice(0, 3).join('; ')}`);
    lines.push(`viewer data: 3 rounds of alice, bob and anonymous on both servers with the cache on: ${seen.length} crossings`);

    // CSRF prevention.
    const csrf = [
      ['GET without a preflight header', { method: 'GET', path: '/graphql?query=%7B__typename%7D' }, 400],
      ['POST text/plain', { body: '{"query":"{ __typename }"}', headers: { 'content-type': 'text/plain' } }, 400],
      ['POST form-urlencoded', { body: 'query=%7B__typename%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400],
      ['POST multipart', { body: '--x\r\n\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 400],
      ['GET with apollo-require-preflight', { method: 'GET', path: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } }, 200],
      ['a mutation over GET', { method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { logout }')}`, headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${alice}` } }, 405],
    ] as const;
    const csrfWrong: string[] = [];
    for (const [name, request, status] of csrf) {
      const res = await api.raw({ ...request, headers: { ...('headers' in request ? request.headers : {}) } });
      if (res.status !== status) csrfWrong.push(`${name}: HTTP ${res.status}, expected ${status}`);
    }
    check(csrfWrong.length === 0, `CSRF prevention: ${csrfWrong.join('; ')}`);
    lines.push(`CSRF prevention: ${csrf.length - csrfWrong.length} of ${csrf.length} requests answered as they must`);
  } finally {
    await sql.end();
    clients.forEach((c) => c.close());
  }
  return { name: 'security', ok: problems.length === 0, lines, problems };
}

async function ownCategory(api: HttpClient, env: Environment): Promise<string> {
  const { login } = await api.ok(LOGIN, { u: env.admin.username, p: env.admin.password });
  const slug = `sec-${env.runId}`;
  await api.ok('mutation($s: String!) { createCategory(input: { slug: $s, name: "Security" }) { slug } }', { s: slug }, login.token);
  return slug;
}

/** Every line every server process wrote at LOG_LEVEL=info, scanned for stacks, SQL and secrets. */
export function scanLogs(env: Environment): DrillReport {
  let lines = 0;
  let bad = 0;
  for (const server of env.servers) {
    for (const line of server.lines) {
      lines++;
      if (!inspectLogLine(server.name, line)) bad++;
    }
  }
  return {
    name: 'log scan', ok: bad === 0,
    lines: [`${lines} log lines of ${env.servers.length} server processes (LOG_LEVEL=info): ${bad} with a stack, SQL or a secret`],
    problems: [],
  };
}
