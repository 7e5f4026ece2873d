// Hostile persisted queries: hashes that are not SHA-256 hex, huge or malformed extensions, hashes that do not match
// their text (for every server); and for a server with PERSISTED_QUERIES=only, every way of running a document that is
// not in its manifest, each of which must be refused, and never answered with data.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawRequest, RawResponse } from '../support/http.js';

export interface Expectation { status?: number; code?: string; ok?: boolean }
export interface PersistedCase { name: string; request: RawRequest; expect: Expectation; mutation: boolean }

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const JSON_TYPE = { 'content-type': 'application/json' };
const pq = (sha256Hash: unknown) => ({ persistedQuery: { version: 1, sha256Hash } });

const getWith = (params: Record<string, unknown>, headers: Record<string, string> = {}): RawRequest => ({
  method: 'GET',
  path: `/graphql?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}`,
  headers: { ...JSON_TYPE, ...headers },
});
const postWith = (body: Record<string, unknown>, headers: Record<string, string> = {}): RawRequest => ({
  body: JSON.stringify(body), headers: { ...JSON_TYPE, ...headers },
});

const CATEGORIES = '{ categories { slug } }';
const BAD = { status: 400, code: 'BAD_REQUEST' };

/** Cases every server (PERSISTED_QUERIES=on) must refuse with a code, or answer as documented. */
export function persistedCases(): PersistedCase[] {
  const cases: [string, RawRequest, Expectation][] = [
    ['a hash of 63 hex digits', getWith({ extensions: pq('a'.repeat(63)) }), BAD],
    ['a hash of 65 hex digits', postWith({ extensions: pq('a'.repeat(65)) }), BAD],
    ['an upper-case hash', postWith({ query: CATEGORIES, extensions: pq(sha256(CATEGORIES).toUpperCase()) }), BAD],
    ['a hash with a non-hex digit', getWith({ extensions: pq(`${'0'.repeat(63)}z`) }), BAD],
    ['a hash that is a number', postWith({ extensions: pq(1234) }), BAD],
    ['a hash that is an object', postWith({ query: CATEGORIES, extensions: pq({ $gt: '' }) }), BAD],
    ['a hash of 10,000 characters', getWith({ extensions: pq('f'.repeat(10_000)) }), BAD],
    ['a hash of 900,000 characters', postWith({ extensions: pq('f'.repeat(900_000)) }), BAD],
    ['a hash with a path in it', getWith({ extensions: pq(`../../${'0'.repeat(58)}`) }), BAD],
    ['a GET whose hash does not match its text', getWith({ query: CATEGORIES, extensions: pq(sha256('{ __typename }')) }), BAD],
    ['900 KB of other extensions beside an unknown hash', postWith({ extensions: { ...pq('0'.repeat(64)), junk: 'x'.repeat(900_000) } }),
      { status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' }],
    ['a persisted query that is a string', postWith({ query: CATEGORIES, extensions: { persistedQuery: 'x'.repeat(5000) } }), { status: 400 }],
    ['extensions that are an array', getWith({ query: CATEGORIES, extensions: [pq(sha256(CATEGORIES))] }), { status: 400 }],
    ['extensions that are not JSON', { ...getWith({ query: CATEGORIES }), path: `/graphql?query=${encodeURIComponent(CATEGORIES)}&extensions=%7B` }, { status: 400 }],
    ['two extensions parameters', { ...getWith({ query: CATEGORIES }), path: `/graphql?query=${encodeURIComponent(CATEGORIES)}&extensions=%7B%7D&extensions=%7B%7D` }, { status: 400 }],
    ['a hash registered with its text, then the hash alone', postWith({ query: CATEGORIES, extensions: pq(sha256(CATEGORIES)) }), { ok: true }],
    ['the hash alone of a registered document', getWith({ extensions: pq(sha256(CATEGORIES)) }), { ok: true }],
  ];
  return cases.map(([name, request, expect]) => ({ name: `persisted: ${name}`, request, expect, mutation: false }));
}

// ---- PERSISTED_QUERIES=only ----

const THREAD = 'query Thread($s: String!) { thread(slug: $s) { title } }';
const MANIFEST = [['Categories', 'query', CATEGORIES], ['Thread', 'query', THREAD]] as const;
const MANIFEST_IDS = new Set(MANIFEST.map(([, , body]) => sha256(body)));

/** Writes the manifest of the `only` server into dir; returns its path. */
export function writeOnlyManifest(dir: string): string {
  const path = join(dir, 'persisted-query-manifest.json');
  writeFileSync(path, JSON.stringify({
    format: 'apollo-persisted-query-manifest', version: 1,
    operations: MANIFEST.map(([name, type, body]) => ({ id: sha256(body), name, type, body })),
  }));
  return path;
}

/** What a server with PERSISTED_QUERIES=only must answer. */
export function onlyCases(f: { memberToken: string; threadSlug: string }): PersistedCase[] {
  const NOT_IN_LIST = { status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' };
  const other = '{ categories { slug name } }';
  const auth = { authorization: `Bearer ${f.memberToken}` };
  const cases: [string, RawRequest, Expectation, boolean?][] = [
    ['a manifest query by id (GET)', getWith({ extensions: pq(sha256(THREAD)), variables: { s: f.threadSlug } }), { ok: true }],
    ['a manifest query by id (POST)', postWith({ extensions: pq(sha256(CATEGORIES)) }), { ok: true }],
    ['a manifest query as its text', postWith({ query: THREAD, variables: { s: f.threadSlug } }), { ok: true }],
    ['other text (POST)', postWith({ query: other }), NOT_IN_LIST],
    ['other text (GET)', getWith({ query: other }), NOT_IN_LIST],
    ['other text, signed in', postWith({ query: other }, auth), NOT_IN_LIST],
    ['other text with its own hash', postWith({ query: other, extensions: pq(sha256(other)) }), NOT_IN_LIST],
    ['an unknown id', getWith({ extensions: pq(sha256(other)) }), NOT_IN_LIST],
    ['a manifest text with a space more', postWith({ query: `${CATEGORIES} ` }), NOT_IN_LIST],
    ['a manifest id with other text', postWith({ query: other, extensions: pq(sha256(CATEGORIES)) }), BAD],
    ['a malformed id', getWith({ extensions: pq('abc') }), BAD],
    ['introspection', postWith({ query: '{ __schema { types { name } } }' }), NOT_IN_LIST],
    ['a mutation outside the manifest', postWith({
      query: 'mutation($s: String!) { createPost(input: { threadSlug: $s, body: "not trusted" }) { id } }', variables: { s: f.threadSlug },
    }, auth), NOT_IN_LIST, true],
    ['a manifest query under another operation name', postWith({ query: THREAD, operationName: 'Other', variables: { s: f.threadSlug } }), { status: 400 }],
  ];
  return cases.map(([name, request, expect, mutation]) => ({ name: `only: ${name}`, request, expect, mutation: !!mutation }));
}

/** The document a request names (its text's hash, or its persisted query's hash), as far as it can be read. */
function namedDocuments(request: RawRequest): string[] {
  let query: unknown;
  let extensions: unknown;
  try {
    if ((request.method ?? 'POST') === 'GET') {
      const params = new URL(request.path ?? '/graphql', 'http://x').searchParams;
      query = params.get('query') ?? undefined;
      const raw = params.get('extensions');
      extensions = raw === null ? undefined : JSON.parse(raw);
    } else {
      const body = JSON.parse(String(request.body ?? '')) as Record<string, unknown>;
      query = body?.query;
      extensions = body?.extensions;
    }
  } catch { /* unreadable: it names nothing */ }
  const named: string[] = [];
  if (typeof query === 'string') named.push(sha256(query));
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (typeof hash === 'string') named.push(hash);
  return named;
}

/** For the `only` server: an answer with data to a request that names no manifest operation is a finding. */
export function ranOutsideManifest(request: RawRequest, response: RawResponse): string | null {
  const data = (response.json as { data?: unknown } | undefined)?.data;
  if (data === undefined || data === null) return null;
  if (namedDocuments(request).some((id) => MANIFEST_IDS.has(id))) return null;
  return `data for a document outside the manifest: ${response.text.slice(0, 120)}`;
}
